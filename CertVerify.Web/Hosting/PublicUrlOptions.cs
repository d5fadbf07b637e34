namespace CertVerify.Web.Hosting;

/// <summary>Where the public finds this installation (section <c>Certificates</c>, for compatibility with earlier settings).</summary>
public sealed class PublicUrlOptions
{
    public const string SectionName = "Certificates";

    public const string Requirement =
        "Certificates:PublicBaseUrl is required: the public address of this installation, an absolute http(s) URL with no path (e.g. https://verify.example.org).";

    /// <summary>
    /// The public address (e.g. https://verify.example.org): the base of every link, QR code and document, and of every
    /// identifier inside a signed credential (the issuer's did:web among them). Required, as nothing public may come
    /// from a request's Host: a replica refuses to start without it. Development reads http://localhost:8080 from
    /// appsettings.Development.json; the AppHost sets its Nginx endpoint.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>An absolute http(s) address with no path, query, fragment or user information.</summary>
    public static bool IsValid(PublicUrlOptions options) =>
        Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
