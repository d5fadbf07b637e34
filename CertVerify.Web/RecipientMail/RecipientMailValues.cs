using System.Globalization;
using CertVerify.Web.Auth;
using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.RecipientMail;

/// <summary>What the placeholders become, for a certificate or for the console's preview; every link at the configured public address.</summary>
public static class RecipientMailValues
{
    public const string SampleRecipientName = "Alex Morgan";
    public const string SampleTitle = "Certificate of Completion";
    private const string SampleCode = "7Q4MK2XD9HBTW3NPRS6F";

    public static Dictionary<string, string> For(Certificate certificate, string organisation, string baseUrl, string claimToken) =>
        Values(certificate.RecipientName, certificate.Title, organisation, certificate.Code, baseUrl, claimToken, certificate.IssuedAt, certificate.ExpiresAt);

    /// <summary>A made-up certificate issued now and expiring in 30 days; its claim link works for nobody.</summary>
    public static Dictionary<string, string> Sample(string organisation, string baseUrl, DateTimeOffset now) =>
        Values(SampleRecipientName, SampleTitle, organisation, SampleCode, baseUrl, "sample", now, now.AddDays(30));

    private static Dictionary<string, string> Values(
        string recipientName, string title, string organisation, string storedCode, string baseUrl, string claimToken, DateTimeOffset issuedAt, DateTimeOffset? expiresAt)
    {
        var code = CertificateCode.Format(storedCode);
        return new Dictionary<string, string>
        {
            [MailPlaceholders.RecipientName] = recipientName,
            [MailPlaceholders.CertificateTitle] = title,
            [MailPlaceholders.OrganisationName] = organisation,
            [MailPlaceholders.Code] = code,
            [MailPlaceholders.VerificationUrl] = PublicUrls.Verification(baseUrl, code),
            [MailPlaceholders.PdfUrl] = PublicUrls.Document(baseUrl, code, "pdf"),
            [MailPlaceholders.ClaimUrl] = AccountLinks.Claim(baseUrl, claimToken),
            [MailPlaceholders.IssuedOn] = Day(issuedAt),
            [MailPlaceholders.ExpiresOn] = expiresAt is { } expires ? Day(expires) : "",
        };
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
