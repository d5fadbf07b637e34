using Microsoft.Extensions.Options;

namespace CertVerify.Web.Hosting;

/// <summary>
/// The only place public links are built: a certificate's verification page, QR code, documents and credential, and a
/// recipient's profile. Codes are passed as displayed (<c>CV-...</c>). The base is configuration only, never a request.
/// </summary>
public sealed class PublicUrls(IOptions<PublicUrlOptions> options)
{
    /// <summary>The configured public address, without a trailing slash.</summary>
    public string BaseUrl => options.Value.PublicBaseUrl!.TrimEnd('/');

    public static string Verification(string baseUrl, string code) => $"{baseUrl}/verify/{code}";

    public static string QrCode(string baseUrl, string code) => $"{baseUrl}/api/certificates/{code}/qr";

    public static string Credential(string baseUrl, string code) => $"{baseUrl}/api/certificates/{code}/credential";

    /// <summary>The PDF or PNG document (<paramref name="extension"/> <c>pdf</c> or <c>png</c>).</summary>
    public static string Document(string baseUrl, string code, string extension) => $"{baseUrl}/api/certificates/{code}/{extension}";

    public static string Profile(string baseUrl, string handle) => $"{baseUrl}/u/{handle}";

    /// <summary>The uploaded organisation logo at its version: cacheable for good.</summary>
    public static string OrganisationLogo(string baseUrl, string version) => $"{baseUrl}/api/organisation/logo?v={version}";
}
