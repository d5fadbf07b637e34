using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace CertVerify.Tests.Topology;

/// <summary>Sessions, CSRF, password-guessing delays and rate limits hold whichever of the three replicas answers.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class SessionsAcrossReplicasTests(TopologyFixture topology, ITestOutputHelper output)
{
    [Fact]
    public async Task A_sign_in_through_one_replica_is_the_same_user_on_every_replica()
    {
        var (email, password, id) = await topology.CreateUserAsync("Staff");
        using var session = await topology.SignInAsync(email, password);

        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await session.Client.GetAsync("/api/auth/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answeredBy.Add(response.Headers.GetValues("X-Instance-Id").Single());
            var me = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(id, me.GetProperty("id").GetGuid());
            Assert.Equal("Staff", me.GetProperty("role").GetString());
        }

        Assert.Equal(TopologyFixture.Replicas, answeredBy.Count);
    }

    [Fact]
    public async Task Signing_out_on_one_replica_ends_the_session_on_all()
    {
        var (email, password, _) = await topology.CreateUserAsync("Recipient");
        using var session = await topology.SignInAsync(email, password);
        var cookie = session.Cookies.GetCookies(topology.NginxUri)["certverify_session"]!.Value;

        using (var logout = await session.SendAsync(HttpMethod.Post, "/api/auth/logout", via: session.ClientFor(topology.ReplicaUri("web-1"))))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        // Replay the old cookie itself (the browser would have dropped it) against every replica.
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var replay = topology.NewSessionAt(replica);
            replay.Cookies.Add(topology.ReplicaUri(replica), new Cookie("certverify_session", cookie));
            using var response = await replay.Client.GetAsync("/api/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_csrf_token_from_one_replica_is_accepted_by_another()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        using var session = await topology.SignInAsync(email, password);
        var web1 = session.ClientFor(topology.ReplicaUri("web-1"));
        var web3 = session.ClientFor(topology.ReplicaUri("web-3"));

        session.CsrfToken = (await session.GetJsonAsync("/api/auth/csrf", web1)).GetProperty("token").GetString();
        using var created = await session.SendAsync(HttpMethod.Post, "/api/keys", new { name = "cross-replica" }, web3);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        session.CsrfToken = null;
        using var refused = await session.SendAsync(HttpMethod.Post, "/api/keys", new { name = "no token" }, web3);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        session.CsrfToken = "not-a-token";
        using var forged = await session.SendAsync(HttpMethod.Post, "/api/keys", new { name = "bad token" }, web1);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_slow_down_the_attackers_address_while_the_owner_signs_in_from_another()
    {
        var (email, password, _) = await topology.CreateUserAsync("Admin");
        using var attacker = ClientFrom(RandomLoopbackAddress());
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await attacker.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-123" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            answeredBy.Add(failed.Headers.GetValues("X-Instance-Id").Single());
        }

        // From the attacker's address, even the right password must wait (30 s after the fifth failure, doubling after each further one).
        using var delayed = await attacker.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.TooManyRequests, delayed.StatusCode);
        Assert.InRange(delayed.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        // The owner, from another address, signs in at once, through any replica.
        using var owner = ClientFrom(RandomLoopbackAddress());
        using var signedIn = await owner.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        output.WriteLine($"failures answered by {string.Join(", ", answeredBy.Order())}");
    }

    /// <summary>A client whose connections to Nginx come from <paramref name="source"/>: the client address the replicas are told.</summary>
    private HttpClient ClientFrom(IPAddress source) =>
        new(LoopbackSource.Transport(source)) { BaseAddress = topology.NginxUri };

    private static IPAddress RandomLoopbackAddress() =>
        IPAddress.Parse($"127.{Random.Shared.Next(1, 254)}.{Random.Shared.Next(1, 254)}.{Random.Shared.Next(1, 254)}");

    [Theory]
    [InlineData("/api/auth/register", TopologyFixture.RegisterPerMinute)]
    [InlineData("/api/auth/login", TopologyFixture.LoginPerMinute)]
    [InlineData("/api/verify", TopologyFixture.VerifyPerMinute)]
    public async Task The_rate_limit_trips_at_the_configured_count_whichever_replica_answers(string path, int limit)
    {
        // A client address of its own, told to the replicas by a trusted proxy (loopback), so no other test shares the count.
        var clientIp = $"198.51.100.{Random.Shared.Next(1, 254)}";
        var replicas = TopologyFixture.ReplicaNames.Select(name => topology.NewSessionAt(name)).ToList();
        try
        {
            for (var i = 0; i <= limit; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { }) };
                request.Headers.Add("X-Forwarded-For", clientIp);
                using var response = await replicas[i % replicas.Count].Client.SendAsync(request);
                if (i < limit)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"request {i + 1} of {limit}: {response.StatusCode}");
                }
                else
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                    Assert.NotNull(response.Headers.RetryAfter);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
        finally
        {
            replicas.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task A_client_flooding_through_nginx_gets_its_limit_across_the_replicas_within_the_tolerance()
    {
        // Each replica spends permits it reserved in Redis without asking Redis per request: never more than the
        // limit in all, and at most what other replicas still hold refused early. A client address of its own: the
        // connections come from a loopback address nobody else uses, as Nginx reports it.
        const int limit = TopologyFixture.VerifyPerMinute;
        const int workers = 8;
        using var client = ClientFrom(RandomLoopbackAddress());

        var answers = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, string? Replica)>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= limit * 13 / 10)
            {
                using var response = await client.GetAsync("/api/verify/CV-0000-0000-0000-0000-0000");
                answers.Add((response.StatusCode, response.Headers.TryGetValues("X-Instance-Id", out var id) ? id.Single() : null));
            }
        }));

        var admitted = answers.Count(a => a.Status == HttpStatusCode.NotFound);
        output.WriteLine($"{answers.Count} requests through Nginx, limit {limit}: {admitted} admitted, by " +
            string.Join(", ", answers.Where(a => a.Status == HttpStatusCode.NotFound).GroupBy(a => a.Replica).Select(g => $"{g.Key} {g.Count()}")));
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
        Assert.Equal(TopologyFixture.Replicas, answers.Where(a => a.Status == HttpStatusCode.NotFound).Select(a => a.Replica).Distinct().Count());
        Assert.InRange(admitted, limit * 95 / 100, limit);
    }

    [Fact]
    public async Task Signed_in_callers_are_limited_per_user_across_replicas()
    {
        var (email, password, _) = await topology.CreateUserAsync("Recipient");
        using var session = await topology.SignInAsync(email, password);
        var replicas = TopologyFixture.ReplicaNames.Select(name => session.ClientFor(topology.ReplicaUri(name))).ToList();

        var answered = 0;
        for (; answered < TopologyFixture.UserPerMinute + 1; answered++)
        {
            using var response = await replicas[answered % replicas.Count].GetAsync("/api/auth/me");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(TopologyFixture.UserPerMinute, answered);

        // Another user is not affected.
        var (otherEmail, otherPassword, _) = await topology.CreateUserAsync("Recipient");
        using var other = await topology.SignInAsync(otherEmail, otherPassword);
        using var fine = await other.Client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }
}
