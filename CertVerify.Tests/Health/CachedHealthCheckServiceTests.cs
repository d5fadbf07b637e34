using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CertVerify.Tests.Health;

/// <summary>
/// <c>/health</c> answers anyone through Nginx and checks PostgreSQL and Redis: however many ask at once or in a row,
/// a replica runs its checks at most once a second for each endpoint.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class CachedHealthCheckServiceTests
{
    [Fact]
    public async Task Concurrent_and_repeated_requests_share_one_check_per_second_for_each_set_of_checks()
    {
        var runs = 0;
        var builder = Host.CreateApplicationBuilder();
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthChecks().AddAsyncCheck("dependency", async () =>
        {
            Interlocked.Increment(ref runs);
            await Task.Delay(50);
            return HealthCheckResult.Healthy();
        });
        using var host = builder.Build();
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        Func<HealthCheckRegistration, bool> live = r => r.Tags.Contains("live");

        var first = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => checks.CheckHealthAsync()));
        await checks.CheckHealthAsync(live);
        Assert.All(first, report => Assert.Equal(HealthStatus.Healthy, report.Status));
        Assert.Equal(1, runs);
        Assert.Equal(2, first[0].Entries.Count); // the live endpoint's report did not replace the full one

        await Task.Delay(CachedHealthCheckService.Lifetime + TimeSpan.FromMilliseconds(100));
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => checks.CheckHealthAsync()));
        Assert.Equal(2, runs);
    }
}
