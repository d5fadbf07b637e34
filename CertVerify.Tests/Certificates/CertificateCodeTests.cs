using CertVerify.Web.Certificates;

namespace CertVerify.Tests.Certificates;

/// <summary>Codes as people read, type and mistype them (the verification API's tests check the HTTP answers).</summary>
[Trait("Tier", "Unit")]
public sealed class CertificateCodeTests
{
    private const string Canonical = "7Q4MK2XD9HBTW3NPRS6F";

    [Fact]
    public void A_new_code_is_twenty_crockford_characters_shown_in_groups_of_four()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => CertificateCode.NewCode()).ToList();

        Assert.All(codes, code => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{20}$", code));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal("CV-7Q4M-K2XD-9HBT-W3NP-RS6F", CertificateCode.Format(Canonical));
    }

    [Theory]
    [InlineData("CV-7Q4M-K2XD-9HBT-W3NP-RS6F")]
    [InlineData("cv-7q4m-k2xd-9hbt-w3np-rs6f")]
    [InlineData("7Q4MK2XD9HBTW3NPRS6F")]
    [InlineData("  CV-7Q4M K2XD-9HBT\tW3NP-RS6F ")]
    [InlineData("CV7Q4MK2XD9HBTW3NPRS6F")]
    public void Case_spaces_dashes_and_the_prefix_do_not_matter(string typed)
    {
        Assert.True(CertificateCode.TryNormalize(typed, out var canonical));
        Assert.Equal(Canonical, canonical);
    }

    [Fact]
    public void O_is_read_as_zero_and_I_or_L_as_one()
    {
        Assert.True(CertificateCode.TryNormalize("CV-O1IL-0000-0000-0000-0000", out var canonical));
        Assert.Equal("01110000000000000000", canonical);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("CV-1234")]
    [InlineData("CV-UUUU-UUUU-UUUU-UUUU-UUUU")] // U is not in the alphabet
    [InlineData("7Q4MK2XD9HBTW3NPRS6F7")] // one too many
    [InlineData("XX-7Q4M-K2XD-9HBT-W3NP-RS6F")] // another prefix
    [InlineData("'; DROP TABLE certificates;--")]
    [InlineData("<script>alert(1)</script>")]
    public void Anything_that_cannot_be_a_code_is_refused(string? typed)
    {
        Assert.False(CertificateCode.TryNormalize(typed, out var canonical));
        Assert.Null(canonical);
    }

    [Fact]
    public void Overlong_input_is_refused_before_it_is_read()
    {
        Assert.False(CertificateCode.TryNormalize(new string('-', 64) + Canonical, out _));
        Assert.True(CertificateCode.TryNormalize(new string('-', 44) + Canonical, out _));
    }
}
