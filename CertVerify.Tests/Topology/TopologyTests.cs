using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace CertVerify.Tests.Topology;

[Collection(TopologyCollection.Name)]
public sealed class TopologyTests(TopologyFixture topology)
{
    private const string InstanceHeader = "X-Instance-Id";

    [Fact]
    public async Task Every_replica_lists_every_live_instance()
    {
        using var admin = await topology.SignInAsAdminAsync();
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            var list = await admin.GetJsonAsync("/api/instances", admin.ClientFor(topology.ReplicaUri(replica)));

            Assert.Equal(TopologyFixture.Replicas, list.GetProperty("count").GetInt32());
            var instances = list.GetProperty("instances").EnumerateArray().ToList();
            Assert.Equal(TopologyFixture.ReplicaNames.Order(), instances.Select(i => i.GetProperty("instanceId").GetString()).Order());
            Assert.All(instances, instance =>
            {
                Assert.True(instance.GetProperty("lastHeartbeat").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-20));
                Assert.True(instance.GetProperty("requestsServed").GetInt64() >= 0);
                Assert.False(string.IsNullOrEmpty(instance.GetProperty("host").GetString()));
            });
        }
    }

    [Fact]
    public async Task Health_reports_dependencies_resources_and_pool_without_caching()
    {
        using var response = await topology.Nginx.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(Assert.Single(response.Headers.GetValues(InstanceHeader)), health.GetProperty("instanceId").GetString());
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

    [Fact]
    public async Task Migrations_ran_once_although_replicas_started_together()
    {
        var connectionString = await topology.App.GetConnectionStringAsync("certverify");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """SELECT count(*), count(DISTINCT "MigrationId") FROM "__EFMigrationsHistory" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.True(reader.GetInt64(0) > 0);
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Unknown_paths_get_problem_details()
    {
        using var response = await topology.Nginx.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Requests_keep_succeeding_when_a_replica_stops_and_it_rejoins_after()
    {
        await topology.StopResourceAsync("web-2");
        try
        {
            var answeredBy = new HashSet<string>();
            for (var i = 0; i < 30; i++)
            {
                using var response = await topology.Nginx.GetAsync("/alive");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answeredBy.Add(Assert.Single(response.Headers.GetValues(InstanceHeader)));
            }

            Assert.DoesNotContain("web-2", answeredBy);
        }
        finally
        {
            await topology.StartResourceAsync("web-2");
        }

        // Nginx picks the replica up again by itself (passive health: fail_timeout), without a reload.
        var rejoined = false;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!rejoined && DateTime.UtcNow < deadline)
        {
            using var response = await topology.Nginx.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            rejoined = response.Headers.GetValues(InstanceHeader).Single() == "web-2";
            if (!rejoined)
            {
                await Task.Delay(200);
            }
        }

        Assert.True(rejoined, "web-2 did not receive traffic again within 30 s of restarting");
    }
}
