using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using CertVerify.Tests.Topology;
using Xunit.Abstractions;

namespace CertVerify.Tests.Deployment;

/// <summary>
/// The distributed deployment check (the seed's <c>test-distributed-deployment.sh</c>): what must hold for a topology
/// of N replicas behind Nginx. It runs here against the topology the tests start, and through
/// <c>eng/check-deployment.sh</c> against a running one. Replicas are reached through the addresses they register,
/// so the same code serves both. It signs in as the Admin and leaves one revoked certificate behind.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class DeploymentCheckTests(TopologyFixture topology, ITestOutputHelper output)
{
    private const string InstanceHeader = "X-Instance-Id";
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(5);

    private DeploymentTarget Target => topology.Target;

    [Fact]
    public async Task Every_resource_is_healthy()
    {
        using (var nginx = await topology.Nginx.GetAsync("/nginx-health"))
        {
            Assert.Equal(HttpStatusCode.OK, nginx.StatusCode);
        }

        // Each replica reports its own view of PostgreSQL and Redis, so a dependency one replica cannot reach shows.
        foreach (var (id, client) in await ReplicasAsync())
        {
            using var response = await client.GetAsync("/api/health");
            var health = await response.Content.ReadFromJsonAsync<JsonElement>();
            output.WriteLine($"{id}: {health}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // "healthy" is both PostgreSQL and Redis reachable from this replica (the details are for Admins).
            Assert.Equal("healthy", health.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Nginx_reaches_every_replica_and_none_gets_more_than_twice_its_fair_share()
    {
        // One at a time: Nginx's least_conn then chooses among replicas with nothing in flight, in turn, so the shares
        // show the balancing configuration rather than which replicas the shared cores let run. Six at a time, two
        // replicas paused by the other collection's load left the third 897 of 1,200 (CI, 2026-12-06).
        const int requests = 600;
        var answered = await SpreadAsync(requests, workers: 1);

        output.WriteLine(string.Join(", ", answered.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}")));
        Assert.Equal(Target.Replicas, answered.Count);
        var fairShare = (double)requests / Target.Replicas;
        Assert.All(answered, replica => Assert.True(replica.Value <= 2 * fairShare,
            $"{replica.Key} answered {replica.Value} of {requests} requests; the fair share is {fairShare:F0}"));
    }

    [Fact]
    public async Task A_session_made_on_one_replica_works_on_all()
    {
        var replicas = await ReplicasAsync();
        var (firstId, first) = replicas[0];
        using var login = await first.PostAsJsonAsync("/api/auth/login", new { email = Target.AdminEmail, password = Target.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(firstId, login.Headers.GetValues(InstanceHeader).Single());
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        foreach (var (id, client) in replicas.Append((Id: "nginx", Client: topology.Nginx)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me") { Headers = { { "Cookie", cookie } } };
            using var me = await client.SendAsync(request);
            Assert.True(me.StatusCode == HttpStatusCode.OK, $"{id} did not know the session made on {firstId}: {(int)me.StatusCode}");
            Assert.Equal(Target.AdminEmail, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        }
    }

    [Fact]
    public async Task A_cache_entry_invalidated_on_one_replica_is_gone_on_all()
    {
        var replicas = await ReplicasAsync();
        using var admin = await SignInAsync();
        var certificate = await admin.IssueCertificateAsync(new { recipientName = "Deployment Check", title = "Cache invalidation check" });
        var code = certificate.GetProperty("code").GetString()!;

        // Twice each: the second answer comes from the replica's cache.
        foreach (var (id, client) in replicas.Concat(replicas))
        {
            Assert.Equal("valid", await VerdictAsync(client, code));
        }

        var revokeOn = replicas[^1];
        using (var revoked = await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{certificate.GetProperty("id")}/revoke",
            new { reason = "Deployment check" }, admin.ClientFor(revokeOn.Client.BaseAddress!)))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        foreach (var (id, client) in replicas)
        {
            Assert.True(await Eventually.HoldsAsync(async () => await VerdictAsync(client, code) == "revoked", PropagationBound),
                $"{id} did not answer 'revoked' within {PropagationBound.TotalSeconds} s of {revokeOn.Id} revoking {code}");
        }
    }

    [Fact]
    public async Task The_instance_registry_agrees_with_the_replicas_that_answer()
    {
        var registered = await ReplicasAsync();
        var answered = await SpreadAsync(60, workers: 3);

        Assert.Equal(registered.Select(r => r.Id).Order(), answered.Keys.Order());
        foreach (var (id, client) in registered)
        {
            using var alive = await client.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            Assert.Equal(id, alive.Headers.GetValues(InstanceHeader).Single());
        }
    }

    [Fact]
    public async Task Database_connections_stay_within_replicas_times_the_pool_size()
    {
        var replicas = await ReplicasAsync();
        using var admin = await SignInAsync();

        // A burst of requests that each query PostgreSQL, while every replica's connections are sampled. The burst
        // uses an API key of its own: a caller's rate limit is per key, so the Admin's session keeps its quota.
        using var created = await admin.SendAsync(HttpMethod.Post, "/api/keys", new { name = "Deployment check: connection burst" });
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        using var burstCaller = topology.NewSession(key.GetProperty("key").GetString());
        using var burstDone = new CancellationTokenSource();
        var samples = new ConcurrentBag<(int Open, int Max)>();
        var sampling = Task.Run(async () =>
        {
            while (!burstDone.IsCancellationRequested)
            {
                var round = await Task.WhenAll(replicas.Select(async r =>
                    (await admin.GetJsonAsync("/api/instances/self", admin.ClientFor(r.Client.BaseAddress!))).GetProperty("database")));
                samples.Add((round.Sum(pool => pool.GetProperty("openConnections").GetInt32()), round.Sum(pool => pool.GetProperty("maxPoolSize").GetInt32())));
                Assert.All(round, pool => Assert.InRange(pool.GetProperty("openConnections").GetInt32(), 0, pool.GetProperty("maxPoolSize").GetInt32()));
                await Task.Delay(100);
            }
        });

        var burst = new ConcurrentBag<HttpStatusCode>();
        try
        {
            await SendConcurrentlyAsync(400, workers: 40, async n =>
            {
                using var response = await burstCaller.Client.GetAsync($"/api/certificates?search=pool-check-{n}&pageSize=5");
                burst.Add(response.StatusCode);
            });
        }
        finally
        {
            burstDone.Cancel();
            await sampling;
            using var _ = await admin.SendAsync(HttpMethod.Delete, $"/api/keys/{key.GetProperty("id")}");
        }

        output.WriteLine($"burst: {burst.Count(s => s == HttpStatusCode.OK)} OK of {burst.Count}; open connections sampled {samples.Count} times, " +
            $"at most {samples.Max(s => s.Open)} of {samples.First().Max} allowed");
        Assert.All(burst, status => Assert.True(status == HttpStatusCode.OK, $"burst request answered {(int)status}"));
        Assert.True(samples.Count >= 2, $"only {samples.Count} samples during the burst");
        Assert.All(samples, sample => Assert.True(sample.Open <= sample.Max, $"{sample.Open} connections open; the limit is {sample.Max}"));
    }

    /// <summary>
    /// The replicas as the registry lists them, each with a client of its own port on Nginx's host (the check is for
    /// topologies on one machine; the same host also keeps one cookie jar valid for all); asserts N registered.
    /// </summary>
    private async Task<List<(string Id, HttpClient Client)>> ReplicasAsync()
    {
        using var admin = await SignInAsync();
        var list = await admin.GetJsonAsync("/api/instances");
        var replicas = list.GetProperty("instances").EnumerateArray()
            .Select(i => (Id: i.GetProperty("instanceId").GetString()!, Client: new HttpClient
            {
                BaseAddress = new UriBuilder(Target.Nginx) { Port = new Uri(i.GetProperty("address").GetString()!).Port }.Uri,
                Timeout = TimeSpan.FromSeconds(30),
            }))
            .OrderBy(r => r.Id)
            .ToList();
        Assert.True(replicas.Count == Target.Replicas,
            $"{replicas.Count} replicas registered ({string.Join(", ", replicas.Select(r => r.Id))}); expected {Target.Replicas}");
        return replicas;
    }

    /// <summary>Sends GET /alive through Nginx from concurrent workers; counts the answers per replica.</summary>
    private async Task<Dictionary<string, int>> SpreadAsync(int requests, int workers)
    {
        var answeredBy = new ConcurrentBag<string>();
        await SendConcurrentlyAsync(requests, workers, async _ =>
        {
            using var response = await topology.Nginx.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answeredBy.Add(response.Headers.GetValues(InstanceHeader).Single());
        });
        return answeredBy.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Sends <paramref name="requests"/> requests (numbered from 0) from that many concurrent workers.</summary>
    private static async Task SendConcurrentlyAsync(int requests, int workers, Func<int, Task> send)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < requests)
            {
                await send(n);
            }
        })));
    }

    /// <summary>Signs in as the target's Admin (the fixture's base address is the target's Nginx).</summary>
    private Task<ApiSession> SignInAsync() => topology.SignInAsync(Target.AdminEmail, Target.AdminPassword);

    private static async Task<string> VerdictAsync(HttpClient client, string code) =>
        (await Verdicts.GetAsync(client, code)).Body.GetProperty("status").GetString()!;
}
