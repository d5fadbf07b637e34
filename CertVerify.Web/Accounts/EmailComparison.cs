using System.Globalization;
using System.Text;

namespace CertVerify.Web.Accounts;

/// <summary>
/// When two emails are the same address (accounts, recipients, sign-in): the key both are reduced to. Trimmed; the domain
/// (after the last @) converted to punycode (IDNA, <see cref="IdnMapping"/>) then lower-cased; the local part lower-cased
/// with the invariant culture when it is ASCII, and kept exactly as written otherwise (compared ordinally, no case
/// folding). So <c>Victim@GMAIL.com</c> is <c>victim@gmail.com</c>, <c>bob@bücher.example</c> is
/// <c>bob@xn--bcher-kva.example</c>, and <c>vıctim@gmaıl.com</c> (dotless ı) is neither <c>victim@gmail.com</c> nor anything
/// but itself: Unicode case rules (Turkish i, German ß, Kelvin K...) never merge two addresses.
/// </summary>
public static class EmailComparison
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false, AllowUnassigned = false };

    public static string Normalize(string email)
    {
        email = email.Trim();
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return LowerAscii(email);
        }

        var (local, domain) = (email[..at], email[(at + 1)..]);
        return $"{LowerAscii(local)}@{LowerAscii(Punycode(domain))}";
    }

    /// <summary>Lower-cased when every character is ASCII; as it is otherwise.</summary>
    private static string LowerAscii(string text) => Ascii.IsValid(text) ? text.ToLowerInvariant() : text;

    private static string Punycode(string domain)
    {
        if (Ascii.IsValid(domain))
        {
            return domain;
        }

        try
        {
            return Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return domain; // not a valid IDN: compared as written
        }
    }
}
