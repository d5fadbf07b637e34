using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;

namespace CertVerify.Web.Hosting;

/// <summary>Who this replica is: fixed for the life of the process.</summary>
public sealed class InstanceIdentity(IConfiguration configuration, TimeProvider clock, IServer server)
{
    public string InstanceId { get; } = configuration.GetInstanceId();

    public string Host { get; } = Environment.MachineName;

    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();

    /// <summary>Where this replica listens itself, behind the proxy; known once the server has started.</summary>
    public string? Address => server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();

    public string Version { get; } =
        typeof(InstanceIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(InstanceIdentity).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
