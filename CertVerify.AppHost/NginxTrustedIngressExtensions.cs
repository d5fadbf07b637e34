using System.Net;

namespace CertVerify.AppHost;

public static class NginxTrustedIngressExtensions
{
    /// <summary>The published parameter an operator sets to the platform ingress's networks (e.g. the environment's subnet).</summary>
    public const string ParameterName = "trusted-ingress-networks";

    /// <summary>
    /// Hands Nginx the networks whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> it believes
    /// (<c>NGINX_TRUSTED_INGRESS</c>, turned into <c>set_real_ip_from</c> lines by nginx/trusted-ingress.sh): the
    /// <c>Nginx:TrustedIngressNetworks</c> setting, published as the <c>trusted-ingress-networks</c> parameter with that
    /// value as its default. Empty trusts nobody: every client is the peer Nginx sees.
    /// </summary>
    public static IResourceBuilder<T> WithTrustedIngress<T>(this IResourceBuilder<T> nginx, NginxOptions options)
        where T : IResourceWithEnvironment
    {
        var networks = string.Join(' ', options.TrustedIngressNetworks.Select(Validated));
        if (nginx.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return nginx.WithEnvironment("NGINX_TRUSTED_INGRESS",
                nginx.ApplicationBuilder.AddParameter(ParameterName, networks, publishValueAsDefault: true));
        }

        return nginx.WithEnvironment("NGINX_TRUSTED_INGRESS", networks);
    }

    private static string Validated(string network) =>
        IPNetwork.TryParse(network, out _) || IPAddress.TryParse(network, out _)
            ? network
            : throw new DistributedApplicationException(
                $"{NginxOptions.SectionName}:{nameof(NginxOptions.TrustedIngressNetworks)} holds '{network}', which is not an address or a CIDR network.");
}
