namespace CertVerify.Web.Hosting;

/// <summary>Which peers may tell us the client's address through <c>X-Forwarded-*</c> headers.</summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>
    /// Networks (CIDR) of the trusted proxies, Nginx. Forwarded headers from any other peer are ignored,
    /// so a client cannot choose the address it is rate limited or audited under.
    /// </summary>
    public List<string> TrustedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];
}
