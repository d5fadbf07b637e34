using CertVerify.AppHost.Infrastructure;

namespace CertVerify.AppHost;

public static class CanonicalizerExtensions
{
    public const string ResourceName = "canonicalizer";

    /// <summary>
    /// CertVerify.Canonicalizer: RDF canonicalization (RDFC-1.0) for the credentials' Data Integrity proofs, a stateless
    /// Node service that holds no key. Locally it runs from the host's <c>node</c>, listening on loopback; otherwise, and
    /// when published, a container built from its Dockerfile (the official Node image), reachable by the replicas only.
    /// Its npm packages are installed from the lockfile when the AppHost builds.
    /// </summary>
    public static IResourceBuilder<IResourceWithEndpoints> AddCanonicalizer(this IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "CertVerify.Canonicalizer"));
        IResourceBuilder<IResourceWithEndpoints> canonicalizer = mode == InfrastructureMode.HostProcesses
            ? builder.AddExecutable(ResourceName, HostBinaries.Node, directory, "server.mjs")
                .WithHttpEndpoint(env: "PORT", isProxied: false)
                .ExcludeFromManifest()
            : builder.AddDockerfile(ResourceName, directory)
                .WithHttpEndpoint(targetPort: 8090, env: "PORT");
        return canonicalizer.WithHttpHealthCheck("/health");
    }
}
