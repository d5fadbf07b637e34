using CertVerify.Web.Accounts;

namespace CertVerify.Tests.Auth;

/// <summary>
/// The rule that says when two emails are one address: ASCII lower-cased, IDN domains in punycode, anything else as
/// written. Unicode case rules never merge two addresses (the dotless ı took over accounts when emails were upper-cased).
/// </summary>
[Trait("Tier", "Unit")]
public sealed class EmailComparisonTests
{
    [Theory]
    [InlineData(" Victim@GMAIL.com ", "victim@gmail.com")]
    [InlineData("bob@BÜCHER.example", "bob@xn--bcher-kva.example")]
    [InlineData("bob@bücher.example", "bob@xn--bcher-kva.example")]
    [InlineData("Jörg@Example.ORG", "Jörg@example.org")]
    [InlineData("\"a@b\"@Example.org", "\"a@b\"@example.org")]
    public void Normalizes_by_the_rule(string email, string expected) => Assert.Equal(expected, EmailComparison.Normalize(email));

    [Theory]
    [InlineData("vıctim@gmaıl.com", "victim@gmail.com")]   // dotless ı (U+0131): ToUpperInvariant made it I
    [InlineData("vİctim@gmail.com", "victim@gmail.com")]   // dotted İ (U+0130)
    [InlineData("ǅane@example.org", "džane@example.org")]  // title-case digraph
    [InlineData("\u212Aelvin@example.org", "kelvin@example.org")] // Kelvin sign K
    [InlineData("straße@example.org", "strasse@example.org")]
    [InlineData("Jörg@example.org", "jörg@example.org")]   // non-ASCII local parts are compared as written
    public void Never_merges_addresses_by_Unicode_case_rules(string one, string other) =>
        Assert.NotEqual(EmailComparison.Normalize(one), EmailComparison.Normalize(other));
}
