using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using CertVerify.Tests.Topology;
using Npgsql;

namespace CertVerify.Tests.Identity;

[Collection(TopologyCollection.Name)]
public sealed class AccountTests(TopologyFixture topology)
{
    [Fact]
    public async Task Registration_makes_a_recipient_whatever_role_is_asked_for_and_emails_are_unique_ignoring_case()
    {
        var email = $"Someone-{Guid.NewGuid():N}@Example.test";
        using var anonymous = new ApiSession(topology.NginxUri);
        using var created = await anonymous.Client.PostAsJsonAsync("/api/auth/register",
            new { email, password = "a-long-enough-password", name = "Some One", role = "Admin" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Recipient", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());

        using var duplicate = await anonymous.Client.PostAsJsonAsync("/api/auth/register",
            new { email = email.ToUpperInvariant(), password = "another-long-password", name = "Copy" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var session = await ApiSession.SignInAsync(topology.NginxUri, email.ToLowerInvariant(), "a-long-enough-password");
        Assert.Equal("Recipient", (await session.GetJsonAsync("/api/auth/me")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_but_keeps_this_one()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        using var first = await ApiSession.SignInAsync(topology.NginxUri, email, password);
        using var second = await ApiSession.SignInAsync(topology.NginxUri, email, password);

        using var weak = await first.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = password, newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var wrong = await first.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = "not-the-password", newPassword = "a-new-long-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        using var changed = await first.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = password, newPassword = "a-new-long-password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        await AssertStatusOnEveryReplica(first, HttpStatusCode.OK);
        await AssertStatusOnEveryReplica(second, HttpStatusCode.Unauthorized);
        using var old = new ApiSession(topology.NginxUri);
        using var oldPassword = await old.Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        using var again = await ApiSession.SignInAsync(topology.NginxUri, email, "a-new-long-password");
    }

    [Fact]
    public async Task An_admin_changing_a_role_or_disabling_ends_the_users_sessions_everywhere()
    {
        var (email, password, id) = await topology.CreateUserAsync("Staff");
        using var user = await ApiSession.SignInAsync(topology.NginxUri, email, password);
        using var admin = await topology.SignInAsAdminAsync();

        var sessions = await admin.GetJsonAsync($"/api/users/{id}/sessions");
        Assert.Equal(1, sessions.GetArrayLength());

        using (var demote = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{id}", new { role = "Recipient" }))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        await AssertStatusOnEveryReplica(user, HttpStatusCode.Unauthorized);
        using (var asRecipient = await ApiSession.SignInAsync(topology.NginxUri, email, password))
        {
            using var keys = await asRecipient.Client.GetAsync("/api/keys");
            Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
        }

        using (var disable = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{id}", new { disabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }

        using var login = await new ApiSession(topology.NginxUri).Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(0, (await admin.GetJsonAsync($"/api/users/{id}/sessions")).GetArrayLength());
    }

    [Fact]
    public async Task An_admin_can_list_and_end_a_users_sessions()
    {
        var (email, password, id) = await topology.CreateUserAsync("Recipient");
        using var a = await ApiSession.SignInAsync(topology.NginxUri, email, password);
        using var b = await ApiSession.SignInAsync(topology.NginxUri, email, password);
        using var admin = await topology.SignInAsAdminAsync();

        var sessions = await admin.GetJsonAsync($"/api/users/{id}/sessions");
        Assert.Equal(2, sessions.GetArrayLength());
        var one = sessions[0].GetProperty("sessionId").GetString();

        using (var end = await admin.SendAsync(HttpMethod.Delete, $"/api/users/{id}/sessions/{one}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }
        Assert.Equal(1, (await admin.GetJsonAsync($"/api/users/{id}/sessions")).GetArrayLength());

        using (var endAll = await admin.SendAsync(HttpMethod.Delete, $"/api/users/{id}/sessions"))
        {
            Assert.Equal(HttpStatusCode.NoContent, endAll.StatusCode);
        }
        await AssertStatusOnEveryReplica(a, HttpStatusCode.Unauthorized);
        await AssertStatusOnEveryReplica(b, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_or_disabled()
    {
        using var admin = await topology.SignInAsAdminAsync();
        var me = await admin.GetJsonAsync("/api/auth/me");
        var admins = await admin.GetJsonAsync("/api/users?role=Admin&pageSize=100");
        if (admins.GetProperty("total").GetInt32() == 1)
        {
            using var demote = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{me.GetProperty("id").GetGuid()}", new { role = "Staff" });
            Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
            using var disable = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{me.GetProperty("id").GetGuid()}", new { disabled = true });
            Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        }

        // A second Admin makes demoting the first possible; then it is the last one.
        var (_, _, secondId) = await topology.CreateUserAsync("Admin");
        using (var demoteSecond = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{secondId}", new { role = "Staff" }))
        {
            Assert.Equal(HttpStatusCode.OK, demoteSecond.StatusCode);
        }
    }

    [Fact]
    public async Task Api_keys_are_shown_once_act_as_their_owner_and_stop_working_when_revoked()
    {
        var (email, password, id) = await topology.CreateUserAsync("Staff");
        using var staff = await ApiSession.SignInAsync(topology.NginxUri, email, password);
        using var createdResponse = await staff.SendAsync(HttpMethod.Post, "/api/keys", new { name = "issuing system" });
        Assert.Equal(HttpStatusCode.Created, createdResponse.StatusCode);
        var created = await createdResponse.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith("cvk_", key);

        var listed = await staff.GetJsonAsync("/api/keys");
        Assert.DoesNotContain(key, listed.GetRawText());

        using var machine = new ApiSession(topology.NginxUri, key);
        var me = await machine.GetJsonAsync("/api/auth/me");
        Assert.Equal(id, me.GetProperty("id").GetGuid());
        Assert.Equal("apikey", me.GetProperty("authMethod").GetString());

        // API-key requests need no CSRF token, but may not mint more keys or reach Admin endpoints.
        using var mint = await machine.SendAsync(HttpMethod.Post, "/api/keys", new { name = "another" });
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        using var users = await machine.Client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);

        var lastUsed = (await staff.GetJsonAsync("/api/keys"))[0].GetProperty("lastUsedAt");
        Assert.NotEqual(JsonValueKind.Null, lastUsed.ValueKind);

        using var revoke = await staff.SendAsync(HttpMethod.Delete, $"/api/keys/{created.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var afterRevoke = await machine.Client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);

        using var forged = new ApiSession(topology.NginxUri, key[..^4] + "AAAA");
        using var forgedResponse = await forged.Client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task Another_staff_members_key_cannot_be_revoked()
    {
        var (emailA, passwordA, _) = await topology.CreateUserAsync("Staff");
        var (emailB, passwordB, _) = await topology.CreateUserAsync("Staff");
        using var a = await ApiSession.SignInAsync(topology.NginxUri, emailA, passwordA);
        using var b = await ApiSession.SignInAsync(topology.NginxUri, emailB, passwordB);
        using var created = await a.SendAsync(HttpMethod.Post, "/api/keys", new { name = "a's key" });
        var keyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var revoke = await b.SendAsync(HttpMethod.Delete, $"/api/keys/{keyId}");
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(0, (await b.GetJsonAsync("/api/keys")).GetArrayLength());
    }

    [Fact]
    public async Task Security_events_are_audited_with_actor_address_and_instance_and_the_log_cannot_be_changed()
    {
        var (email, password, id) = await topology.CreateUserAsync("Recipient");
        using (var failed = await new ApiSession(topology.NginxUri).Client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        // Told by a trusted proxy (a loopback peer), the replica records the forwarded address...
        using (var direct = new ApiSession(topology.ReplicaUri("web-2")))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            using var response = await direct.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // ...but through Nginx a client's own X-Forwarded-For is not believed.
        using (var viaNginx = new ApiSession(topology.NginxUri))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
            request.Headers.Add("X-Forwarded-For", "203.0.113.8");
            using var response = await viaNginx.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var admin = await topology.SignInAsAdminAsync();
        var failures = await admin.GetJsonAsync($"/api/audit?action=auth.login_failed&pageSize=100");
        Assert.Contains(failures.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString() == email.ToUpperInvariant());
        var logins = (await admin.GetJsonAsync($"/api/audit?actor={id}&action=auth.login")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, logins.Count);
        Assert.Contains(logins, e => e.GetProperty("clientIp").GetString() == "203.0.113.7" && e.GetProperty("instanceId").GetString() == "web-2");
        Assert.Contains(logins, e => e.GetProperty("clientIp").GetString() == "127.0.0.1");
        Assert.DoesNotContain(logins, e => e.GetProperty("clientIp").GetString() == "203.0.113.8");

        await using var connection = new NpgsqlConnection(await topology.App.GetConnectionStringAsync("certverify"));
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_log SET \"Action\" = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText);
        }
    }

    private async Task AssertStatusOnEveryReplica(ApiSession session, HttpStatusCode expected)
    {
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var response = await session.ClientFor(topology.ReplicaUri(replica)).GetAsync("/api/auth/me");
            Assert.Equal(expected, response.StatusCode);
        }
    }
}
