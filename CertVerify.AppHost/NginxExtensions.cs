using CertVerify.AppHost.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CertVerify.AppHost;

public static class NginxExtensions
{
    public const string ResourceName = "nginx";

    /// <summary>The replicas' setting for their public address (CertVerify.Web's <c>PublicUrlOptions</c>).</summary>
    public const string PublicBaseUrlKey = "Certificates:PublicBaseUrl";

    /// <summary>
    /// Nginx in front of the web replicas. Locally it runs from the host binary (nginx/run-host.sh) or as the container
    /// nginx/Dockerfile builds (the official image plus our configuration); published, that container with external ingress.
    /// Without replicas (<c>Web:Replicas=0</c>) there is nothing to balance, and no Nginx.
    /// </summary>
    public static void AddNginx(
        this IDistributedApplicationBuilder builder,
        InfrastructureMode mode,
        IReadOnlyList<IResourceBuilder<ProjectResource>> web)
    {
        if (web.Count == 0)
        {
            return;
        }

        var options = builder.Configuration.GetSection(NginxOptions.SectionName).Get<NginxOptions>() ?? new NginxOptions();
        var nginxDirectory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "nginx"));
        int? hostPort = builder.ExecutionContext.IsRunMode && options.Port > 0 ? options.Port : null;

        if (mode == InfrastructureMode.HostProcesses)
        {
            builder.AddExecutable(ResourceName, "bash", nginxDirectory, Path.Combine(nginxDirectory, "run-host.sh"))
                .WithEnvironment("NGINX_BINARY", HostBinaries.Nginx)
                .WithEnvironment("NGINX_RUNTIME_DIR", builder.GetHostDataDirectory("nginx"))
                .WithHttpEndpoint(port: hostPort, env: "NGINX_PORT", isProxied: false)
                .ExcludeFromManifest()
                .InFrontOf(web, options);
        }
        else
        {
            builder.AddDockerfile(ResourceName, nginxDirectory)
                .WithHttpEndpoint(port: hostPort, targetPort: 8080, env: "NGINX_PORT")
                .WithExternalHttpEndpoints()
                .InFrontOf(web, options);
        }
    }

    /// <summary>
    /// Every public link and signed identifier names one configured address, never a request's Host: locally Nginx's
    /// own endpoint; published, the <c>public-base-url</c> parameter the deployment asks for (the platform's address).
    /// Web:Configuration:Certificates:PublicBaseUrl, when set, is forwarded as it is and wins.
    /// </summary>
    private static void GivePublicAddressTo<T>(this IResourceBuilder<T> nginx, IReadOnlyList<IResourceBuilder<ProjectResource>> web)
        where T : IResourceWithEndpoints
    {
        var builder = nginx.ApplicationBuilder;
        if (builder.Configuration[$"{WebReplicasExtensions.ForwardedConfigurationSection}:{PublicBaseUrlKey}"] is not null)
        {
            return;
        }

        var variable = PublicBaseUrlKey.Replace(":", "__");
        var published = builder.ExecutionContext.IsPublishMode ? builder.AddParameter("public-base-url") : null;
        foreach (var replica in web)
        {
            if (published is null)
            {
                replica.WithEnvironment(variable, nginx.GetEndpoint("http"));
            }
            else
            {
                replica.WithEnvironment(variable, published);
            }
        }
    }

    private static void InFrontOf<T>(this IResourceBuilder<T> nginx, IReadOnlyList<IResourceBuilder<ProjectResource>> web, NginxOptions options)
        where T : IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var servers = web
            .Select(replica => ReferenceExpression.Create($"{replica.GetEndpoint("http").Property(EndpointProperty.HostAndPort)}"))
            .ToList();

        nginx.WithEnvironment("NGINX_UPSTREAM", NginxUpstream.Build(servers, options))
            // Sent as Host: published, web's own name (web.internal.<domain> on Azure Container Apps, routed by Host).
            .WithEnvironment("NGINX_UPSTREAM_HOST", web[0].GetEndpoint("http").Property(EndpointProperty.Host))
            .WithEnvironment("NGINX_AFFINITY_COOKIE", NginxUpstream.AffinityCookie(options))
            .WithTrustedIngress(options)
            .WithHttpHealthCheck("/nginx-health");

        foreach (var replica in web)
        {
            // The replicas answer the Host Nginx sends them (CertVerify.Web's AllowedHosts).
            replica.WithEnvironment("ReverseProxy__UpstreamHosts__0", web[0].GetEndpoint("http").Property(EndpointProperty.Host));
            nginx.WaitFor(replica);
        }

        nginx.GivePublicAddressTo(web);

        nginx.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(nginx.Resource, (ready, _) =>
        {
            ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CertVerify")
                .LogInformation("CertVerify is up at {Url} with {Replicas} replica(s)", nginx.GetEndpoint("http").Url, web.Count);
            return Task.CompletedTask;
        });
    }
}
