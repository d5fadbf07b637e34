using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Health;

/// <summary>The operators' health report of one instance (in process), over its real PostgreSQL and Redis.</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class HealthTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Health_reports_dependencies_resources_and_pool_without_caching()
    {
        using var response = await _client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(InProcessFixture.InstanceId, Assert.Single(response.Headers.GetValues("X-Instance-Id")));
        Assert.Equal(InProcessFixture.InstanceId, health.GetProperty("instanceId").GetString());
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

    public void Dispose() => _client.Dispose();
}
