using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CertVerify.Tests.Health;

/// <summary><c>/api/health</c> of one instance (in process), over its real PostgreSQL and Redis: the status for anyone, the details for Admins.</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class HealthTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Anonymous_callers_see_the_status_and_instance_only_checked_at_most_once_a_second()
    {
        var pingsBefore = await RedisPingsAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await _client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
            return await response.Content.ReadAsStringAsync();
        }));
        var pings = await RedisPingsAsync() - pingsBefore;

        var health = JsonDocument.Parse(answers[0]).RootElement;
        Assert.Equal(["status", "instanceId"], health.EnumerateObject().Select(p => p.Name));
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(InProcessFixture.InstanceId, health.GetProperty("instanceId").GetString());
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        // Each check pings Redis once: 20 callers within a second or two share one or two checks.
        Assert.InRange(pings, 1, 3);
    }

    [Fact]
    public async Task Admins_see_dependencies_resources_and_pool_checked_afresh()
    {
        using var admin = await app.SignInAsAdminAsync();
        using var response = await admin.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(InProcessFixture.InstanceId, Assert.Single(response.Headers.GetValues("X-Instance-Id")));
        Assert.Equal(InProcessFixture.InstanceId, health.GetProperty("instanceId").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
        Assert.True(health.GetProperty("uptimeSeconds").GetDouble() > 0);
        foreach (var dependency in new[] { "database", "redis" })
        {
            var check = health.GetProperty("checks").GetProperty(dependency);
            Assert.Equal("healthy", check.GetProperty("status").GetString());
            Assert.True(check.GetProperty("latencyMs").GetDouble() >= 0);
        }

        var resources = health.GetProperty("resources");
        Assert.True(resources.GetProperty("workingSetMb").GetDouble() > 0);
        Assert.True(resources.GetProperty("threadCount").GetInt32() > 0);
        var pool = health.GetProperty("database");
        Assert.Equal(10, pool.GetProperty("poolMaxSize").GetInt32());
        Assert.InRange(pool.GetProperty("openConnections").GetInt32(), 1, 10);
    }

    /// <summary>PINGs Redis has answered so far (its own count, <c>INFO commandstats</c>).</summary>
    private async Task<long> RedisPingsAsync()
    {
        var connectionString = app.Factory.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:redis"];
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");
        var stats = await redis.GetServer(redis.GetEndPoints().Single()).InfoAsync("commandstats");
        var ping = stats.SelectMany(group => group).SingleOrDefault(entry => entry.Key == "cmdstat_ping").Value;
        return ping is null ? 0 : long.Parse(ping.Split(',')[0].Split('=')[1]);
    }

    public void Dispose() => _client.Dispose();
}
