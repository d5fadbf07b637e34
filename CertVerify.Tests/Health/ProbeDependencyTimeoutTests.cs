using System.Net;
using System.Net.Sockets;
using CertVerify.Web.Data;
using CertVerify.Web.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CertVerify.Tests.Health;

/// <summary>
/// A readiness probe gives up after a second (Kubernetes' default). While PostgreSQL hangs (a server that accepts the
/// connection and never answers, as one that is stopping can), <c>/health</c>'s database check must give up first
/// and report Degraded, not keep the probe waiting for its own three-second round trip.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class ProbeDependencyTimeoutTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task The_database_check_of_health_gives_up_within_a_probe_timeout_when_PostgreSQL_hangs()
    {
        using var silentServer = new TcpListener(IPAddress.Loopback, 0);
        silentServer.Start(); // accepts connections (the kernel's backlog) and never answers
        var port = ((IPEndPoint)silentServer.LocalEndpoint).Port;

        var services = new ServiceCollection().AddLogging();
        services.AddDbContext<CertVerifyDbContext>(options =>
            options.UseNpgsql($"Host=127.0.0.1;Port={port};Database=certverify;Username=certverify;Password=unused;Timeout=15"));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false"));
        services.AddDependencyHealth();
        await using var provider = services.BuildServiceProvider();
        WarmUp(provider); // as a running replica is: its Redis client made and its model built at start-up

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Entries["database"].Status);
        Assert.True(report.TotalDuration < ProbeTimeout,
            $"/health's checks took {report.TotalDuration.TotalMilliseconds:0} ms: a probe would have given up at {ProbeTimeout.TotalMilliseconds:0}");
    }

    private static void WarmUp(IServiceProvider provider)
    {
        provider.GetRequiredService<IConnectionMultiplexer>();
        using var scope = provider.CreateScope();
        _ = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>().Model;
    }
}
