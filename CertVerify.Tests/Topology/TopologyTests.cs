using System.Net;
using Npgsql;

namespace CertVerify.Tests.Topology;

[Trait("Tier", "Topology")]
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

    /// <summary>
    /// The orchestrator starts each replica from the web project's build output: `dotnet run`, its default, would
    /// evaluate the project again for every start and stay as the replica's parent (docs/testing.md).
    /// </summary>
    [Fact]
    public async Task Each_replica_is_the_web_build_output_started_directly()
    {
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            var processId = await topology.ProcessIdAsync(replica);
            var arguments = (await File.ReadAllTextAsync($"/proc/{processId}/cmdline")).TrimEnd('\0').Split('\0');

            Assert.Equal("dotnet", arguments[0]);
            Assert.Equal("CertVerify.Web.dll", Path.GetFileName(Assert.Single(arguments[1..])));
        }
    }

    [Fact]
    public async Task Migrations_ran_once_although_replicas_started_together()
    {
        await using var connection = await topology.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(
            """SELECT count(*), count(DISTINCT "MigrationId") FROM "__EFMigrationsHistory" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.True(reader.GetInt64(0) > 0);
        Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
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
        var rejoined = await Eventually.HoldsAsync(async () =>
        {
            using var response = await topology.Nginx.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.GetValues(InstanceHeader).Single() == "web-2";
        }, TimeSpan.FromSeconds(30));

        Assert.True(rejoined, "web-2 did not receive traffic again within 30 s of restarting");
    }
}
