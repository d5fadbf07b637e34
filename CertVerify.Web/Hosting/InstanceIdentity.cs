using System.Reflection;

namespace CertVerify.Web.Hosting;

/// <summary>Who this replica is: fixed for the life of the process.</summary>
public sealed class InstanceIdentity(IConfiguration configuration, TimeProvider clock)
{
    public string InstanceId { get; } = configuration.GetInstanceId();

    public string Host { get; } = Environment.MachineName;

    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();

    public string Version { get; } =
        typeof(InstanceIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(InstanceIdentity).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
