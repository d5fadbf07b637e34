namespace CertVerify.Web.Hosting;

/// <summary>Where the public finds this installation (section <c>Certificates</c>, for compatibility with earlier settings).</summary>
public sealed class PublicUrlOptions
{
    public const string SectionName = "Certificates";

    /// <summary>
    /// The public address printed in links and QR codes (e.g. https://verify.example.org). Unset: the address the
    /// request came in on, as Nginx forwarded it.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
