using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertVerify.Web.Certificates;

namespace CertVerify.Tests.Topology;

/// <summary>
/// What one replica does to a certificate, every replica sees: issued through Nginx, verified on each; status,
/// visibility and issuer changes reach each replica's cached answer at once; each replica logs its own verifications.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class CertificatesAcrossReplicasTests(TopologyFixture topology)
{
    /// <summary>Far below any cache lifetime (10 minutes): a replica serving a stale in-memory answer fails.</summary>
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(2);

    private static Task<JsonElement> VerdictOnAsync(HttpClient replica, string code) => Verdicts.FoundAsync(replica, code);

    [Fact]
    public async Task Issued_through_nginx_it_verifies_on_every_replica_without_personal_data()
    {
        using var staff = await topology.SignInNewUserAsync("Staff");
        var code = (await staff.IssueCertificateAsync(new { recipientName = "Ada Lovelace", recipientEmail = "ada@example.test", title = "Analytical Engines 101" }))
            .GetProperty("code").GetString()!;

        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var client = topology.Replica(replica);
            var verdict = await VerdictOnAsync(client, code);
            Assert.Equal("valid", verdict.GetProperty("status").GetString());
            Assert.Equal(replica, verdict.GetProperty("instanceId").GetString());
            Assert.Equal("Ada Lovelace", verdict.GetProperty("certificate").GetProperty("recipientName").GetString());
            Assert.DoesNotContain("ada@example.test", verdict.GetRawText());
        }
    }

    [Fact]
    public async Task Issued_through_one_replica_it_verifies_at_once_on_every_other_one()
    {
        // Each replica keeps a filter of issued codes and answers an unknown code without PostgreSQL: a code issued
        // elsewhere a moment ago must never be "not found". No retry: the first answer counts.
        using var staff = await topology.SignInNewUserAsync("Staff");
        var replicas = TopologyFixture.ReplicaNames.ToList();
        for (var round = 0; round < 10; round++)
        {
            var issuer = replicas[round % replicas.Count];
            using var response = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "R", title = $"Round {round}" },
                staff.ClientFor(topology.ReplicaUri(issuer)));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            foreach (var replica in replicas.Where(r => r != issuer))
            {
                using var client = topology.Replica(replica);
                Assert.Equal("valid", (await VerdictOnAsync(client, code)).GetProperty("status").GetString());
            }
        }
    }

    [Fact]
    public async Task A_flood_of_unknown_codes_is_answered_without_PostgreSQL()
    {
        using var admin = await topology.SignInAsAdminAsync();
        var replicas = TopologyFixture.ReplicaNames.Select(name => admin.ClientFor(topology.ReplicaUri(name))).ToList();
        var readsBefore = await DatabaseReadsAsync(admin, replicas);
        // A client address of its own (told by a trusted proxy, loopback), so the flood uses no other test's budget.
        var clientIp = $"198.51.100.{Random.Shared.Next(1, 254)}";
        const int flood = 300;

        for (var i = 0; i < flood; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/verify/{CertificateCode.Format(CertificateCode.NewCode())}");
            request.Headers.Add("X-Forwarded-For", clientIp);
            using var response = await replicas[i % replicas.Count].SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Lookups in PostgreSQL are the replicas' cache misses; the filter lets about 1% through as "maybe".
        var reads = await DatabaseReadsAsync(admin, replicas) - readsBefore;
        Assert.True(reads <= flood / 20, $"{reads} of {flood} unknown codes were looked up in PostgreSQL");
    }

    /// <summary>The verifications the replicas answered from PostgreSQL so far, in all.</summary>
    private static async Task<long> DatabaseReadsAsync(ApiSession admin, IEnumerable<HttpClient> replicas)
    {
        long reads = 0;
        foreach (var replica in replicas)
        {
            reads += (await admin.GetJsonAsync("/api/instances/self", replica)).GetProperty("cache").GetProperty("misses").GetInt64();
        }

        return reads;
    }

    [Fact]
    public async Task Suspend_reinstate_and_revoke_reach_every_replica_at_once()
    {
        using var staff = await topology.SignInNewUserAsync("Staff");
        var issued = await staff.IssueCertificateAsync(new { recipientName = "D", title = "Revocable" });
        var (id, code) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("code").GetString()!);

        // Every replica holds the valid answer in memory before each change.
        await ExpectEverywhereAsync(code, "valid");
        await staff.ChangeCertificateAsync(id, "suspend", new { reason = "Under review" });
        await ExpectEverywhereAsync(code, "suspended");
        await staff.ChangeCertificateAsync(id, "reinstate", new { });
        await ExpectEverywhereAsync(code, "valid");
        await staff.ChangeCertificateAsync(id, "revoke", new { reason = "Issued in error" });
        var verdict = await ExpectEverywhereAsync(code, "revoked");
        Assert.Equal("Issued in error", verdict.GetProperty("certificate").GetProperty("revocationReason").GetString());
    }

    [Fact]
    public async Task Every_verification_is_logged_off_the_request_path_with_its_replica_and_changes_are_audited()
    {
        using var staff = await topology.SignInNewUserAsync("Staff");
        var issued = await staff.IssueCertificateAsync(new { recipientName = "L", title = "Logged" });
        var (id, code) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("code").GetString()!);
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var client = topology.Replica(replica);
            await VerdictOnAsync(client, code);
        }

        await using var connection = await topology.OpenDatabaseAsync();
        var logged = await Eventually.UntilAsync(() => LoggedByAsync(connection, id), instances => instances.Count == 3, TimeSpan.FromSeconds(10));
        Assert.Equal(TopologyFixture.ReplicaNames.Order(), logged.Order());

        await staff.ChangeCertificateAsync(id, "revoke", new { reason = "audit me" });
        using var admin = await topology.SignInAsAdminAsync();
        var entries = await admin.GetJsonAsync($"/api/audit?action=certificate.revoke&pageSize=100");
        Assert.Contains(entries.GetProperty("items").EnumerateArray(), e =>
            e.GetProperty("target").GetString() == id.ToString() && e.GetProperty("detail").GetProperty("reason").GetString() == "audit me");
    }

    /// <summary>The instances that logged a valid verification of the certificate.</summary>
    private static async Task<List<string>> LoggedByAsync(Npgsql.NpgsqlConnection connection, Guid id)
    {
        await using var command = new Npgsql.NpgsqlCommand("""SELECT "InstanceId" FROM verifications WHERE "CertificateId" = $1 AND "Result" = 'valid'""", connection)
        {
            Parameters = { new() { Value = id } },
        };
        var logged = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            logged.Add(reader.GetString(0));
        }

        return logged;
    }

    [Fact]
    public async Task Renaming_the_organisation_reaches_every_replicas_cached_answers()
    {
        using var staff = await topology.SignInNewUserAsync("Staff");
        var code = (await staff.IssueCertificateAsync(new { recipientName = "O", title = "Issuer" })).GetProperty("code").GetString()!;
        await ExpectEverywhereAsync(code, "valid");
        var name = $"Academy {Guid.NewGuid():N}";

        using var admin = await topology.SignInAsAdminAsync();
        using (var update = await admin.SendAsync(HttpMethod.Put, "/api/organisation", new { name, url = "https://academy.example.org" }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var client = topology.Replica(replica);
            var verdict = await Eventually.UntilAsync(() => VerdictOnAsync(client, code), v => IssuerName(v) == name, PropagationBound);
            Assert.Equal(name, IssuerName(verdict));
        }
    }

    private static string? IssuerName(JsonElement verdict) =>
        verdict.GetProperty("certificate").GetProperty("issuer").GetProperty("name").GetString();

    [Fact]
    public async Task Making_a_certificate_public_or_private_reaches_every_replicas_cached_page()
    {
        var (email, password, _) = await topology.CreateUserAsync("Recipient");
        using var recipient = await topology.SignInAsync(email, password);
        using var admin = await topology.SignInAsAdminAsync();
        var issued = await admin.IssueCertificateAsync(new { recipientName = "Pat Public", recipientEmail = email, title = "Shown", description = "Forty hours of supervised practice" });
        var (id, code) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("code").GetString()!);

        // Every replica caches the private page first; then each change must show on each at once, with no retry.
        await AssertPageOnEveryReplicaAsync(code, isPublic: false);
        foreach (var isPublic in new[] { true, false })
        {
            using (var changed = await recipient.SendAsync(HttpMethod.Patch, $"/api/me/certificates/{id}", new { isPublic }))
            {
                Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            }

            await AssertPageOnEveryReplicaAsync(code, isPublic);
        }
    }

    /// <summary>A public certificate's page shows its description; a private one's does not.</summary>
    private async Task AssertPageOnEveryReplicaAsync(string code, bool isPublic)
    {
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var client = topology.Replica(replica);
            var page = await client.GetStringAsync($"/verify/{code}");
            Assert.True(isPublic == page.Contains("supervised"), $"{replica} does not show the certificate as {(isPublic ? "public" : "private")}");
        }
    }

    /// <summary>Each replica reports the status: at once, or within <see cref="PropagationBound"/>.</summary>
    private async Task<JsonElement> ExpectEverywhereAsync(string code, string expected)
    {
        JsonElement last = default;
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var client = topology.Replica(replica);
            last = await Eventually.UntilAsync(() => VerdictOnAsync(client, code), v => v.GetProperty("status").GetString() == expected, PropagationBound);
            Assert.True(last.GetProperty("status").GetString() == expected, $"{replica} still says {last.GetProperty("status")}, expected {expected}");
        }

        return last;
    }
}
