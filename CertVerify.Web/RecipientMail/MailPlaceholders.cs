using System.Text.RegularExpressions;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// The <c>{{name}}</c> placeholders every recipient mail template may use (any kind; <c>expiresOn</c> is empty for a
/// certificate that never expires). Names are case-sensitive; spaces inside the braces are allowed.
/// </summary>
public static partial class MailPlaceholders
{
    public const string RecipientName = "recipientName";
    public const string CertificateTitle = "certificateTitle";
    public const string OrganisationName = "organisationName";
    public const string Code = "code";
    public const string VerificationUrl = "verificationUrl";
    public const string PdfUrl = "pdfUrl";
    public const string ClaimUrl = "claimUrl";
    public const string IssuedOn = "issuedOn";
    public const string ExpiresOn = "expiresOn";

    /// <summary>Every placeholder and what it becomes, in the order the console lists them.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [RecipientName] = "the recipient's name as on the certificate",
        [CertificateTitle] = "the certificate's title",
        [OrganisationName] = "your organisation's name (Admin › Organisation)",
        [Code] = "the certificate's code, e.g. CV-7Q4M-K2XD-9HBT-W3NP-RS6F",
        [VerificationUrl] = "its public verification page",
        [PdfUrl] = "its PDF",
        [ClaimUrl] = "the link that adds it to the recipient's account (and proves the address)",
        [IssuedOn] = "the issue date, yyyy-MM-dd (UTC)",
        [ExpiresOn] = "the expiry date, yyyy-MM-dd (UTC); empty when it never expires",
    };

    /// <summary>The text with every known placeholder replaced by its value, passed through <paramref name="encode"/>.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values, Func<string, string> encode) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value.Trim(), out var value) ? encode(value) : m.Value);

    /// <summary>The placeholders in the text that are not among <see cref="Descriptions"/>, as written.</summary>
    public static IEnumerable<string> Unknown(string template) =>
        Placeholder().Matches(template).Where(m => !Descriptions.ContainsKey(m.Groups[1].Value.Trim())).Select(m => m.Value).Distinct();

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex Placeholder();
}
