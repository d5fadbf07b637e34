
namespace CertVerify.AppHost.Infrastructure;

/// <summary>How the AppHost runs PostgreSQL, Redis and Nginx.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, host processes otherwise.</summary>
    Auto,

    /// <summary>The official redis, postgres and nginx images, with data volumes.</summary>
    Containers,

    /// <summary>Host binaries started by the AppHost as executable resources (no container runtime needed).</summary>
    HostProcesses,
}
