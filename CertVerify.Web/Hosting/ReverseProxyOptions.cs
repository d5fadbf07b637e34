namespace CertVerify.Web.Hosting;

/// <summary>Which peers may tell a replica the client's address and scheme through <c>X-Forwarded-For</c> and <c>-Proto</c>.</summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>
    /// Networks (CIDR) of the proxies between Nginx and the replicas, Nginx included (locally: loopback). Forwarded
    /// headers from any other peer are ignored, so a client cannot choose the address it is rate limited or audited under.
    /// </summary>
    public List<string> TrustedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>
    /// Proxies that each add an <c>X-Forwarded-For</c> entry on the way from Nginx to a replica, Nginx included. Nginx
    /// sends the client's address alone (the ingress chain in front of it is resolved there), so this is 1 when Nginx
    /// reaches the replicas directly, 2 behind a platform's internal ingress (e.g. Azure Container Apps'). It is the
    /// forward limit: the replica reads no further back than Nginx's entry.
    /// </summary>
    public int ProxyHops { get; set; } = 1;

    /// <summary>
    /// The host names the proxies in front send as <c>Host</c> (Nginx: <c>NGINX_UPSTREAM_HOST</c>, the replicas' own
    /// name; the AppHost sets it), allowed besides the public address's host, <c>localhost</c> and addresses (<see cref="AllowedHosts"/>).
    /// </summary>
    public List<string> UpstreamHosts { get; set; } = [];
}
