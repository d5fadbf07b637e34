namespace CertVerify.Web.Certificates;

public sealed class CertificateOptions
{
    public const string SectionName = "Certificates";

    /// <summary>
    /// The public address printed in links and QR codes (e.g. https://verify.example.org). Unset: the address the
    /// request came in on, as Nginx forwarded it.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>The base of public links: configured, or taken from the (forwarded) request.</summary>
public sealed class PublicUrls(Microsoft.Extensions.Options.IOptions<CertificateOptions> options)
{
    public string Base(HttpContext context) =>
        options.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}";
}
