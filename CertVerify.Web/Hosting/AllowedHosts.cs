using System.Net;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Hosting;

/// <summary>
/// The <c>Host</c> names a replica answers, derived instead of configured (ASP.NET Core's own <c>AllowedHosts</c> stays
/// at <c>*</c>: it refuses with a bare 400, not a problem): the public address's host; the names the proxies in front
/// give the replicas (<see cref="ReverseProxyOptions.UpstreamHosts"/>: what Nginx sends as NGINX_UPSTREAM_HOST); <c>localhost</c>;
/// and any IP address, which is how a platform's probes reach a replica. A name of anyone else's (a DNS-rebinding page,
/// a misrouted domain) is refused. Links are never built from <c>Host</c> either way (<see cref="PublicUrls"/>).
/// </summary>
public sealed class AllowedHosts(IOptions<PublicUrlOptions> publicUrl, IOptions<ReverseProxyOptions> proxy)
{
    private readonly HashSet<string> _names = new(
        [new Uri(publicUrl.Value.PublicBaseUrl!).Host, "localhost", .. proxy.Value.UpstreamHosts],
        StringComparer.OrdinalIgnoreCase);

    public bool Allows(HostString host) =>
        host.HasValue && (_names.Contains(host.Host) || IPAddress.TryParse(host.Host.Trim('[', ']'), out _));
}
