using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace CertVerify.Tests.Audit;

/// <summary>The audit log: what it records of security events, its filters, and that nobody can change it.</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class AuditLogTests(InProcessFixture app)
{
    [Fact]
    public async Task Security_events_are_audited_with_actor_address_and_instance_and_the_log_cannot_be_changed()
    {
        var (email, password, id) = await app.CreateUserAsync("Recipient");
        using (var failed = await app.NewSession().Client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        // Told by a trusted proxy (a loopback peer, as Nginx is), the instance records the forwarded address. (Through
        // Nginx, a client's own X-Forwarded-For is not believed: ThroughNginxTests.)
        using (var direct = app.NewSession())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            using var response = await direct.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var admin = await app.SignInAsAdminAsync();
        var failures = await admin.GetJsonAsync($"/api/audit?action=auth.login_failed&pageSize=100");
        Assert.Contains(failures.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString() == email.ToLowerInvariant());
        var logins = (await admin.GetJsonAsync($"/api/audit?actor={id}&action=auth.login")).GetProperty("items").EnumerateArray().ToList();
        var login = Assert.Single(logins);
        Assert.Equal("203.0.113.7", login.GetProperty("clientIp").GetString());
        Assert.Equal(InProcessFixture.InstanceId, login.GetProperty("instanceId").GetString());

        await using var connection = await app.OpenDatabaseAsync();
        foreach (var sql in new[] { "UPDATE audit_log SET \"Action\" = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText);
        }
    }

    [Fact]
    public async Task The_audit_log_filters_by_target_as_well_as_by_action_and_actor()
    {
        var (_, _, id) = await app.CreateUserAsync("Staff");
        using var admin = await app.SignInAsAdminAsync();
        using (var disabled = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{id}", new { disabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        }

        var about = (await admin.GetJsonAsync($"/api/audit?target={id}")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(about, entry => Assert.Equal(id.ToString(), entry.GetProperty("target").GetString()));
        Assert.Equal(["user.disabled", "user.create"], about.Select(e => e.GetProperty("action").GetString()).Where(a => a!.StartsWith("user.")));

        var narrowed = (await admin.GetJsonAsync($"/api/audit?target={id}&action=user.disabled&actor={Uri.EscapeDataString(TestApplication.AdminEmail.ToUpperInvariant())}"))
            .GetProperty("items");
        Assert.Equal(1, narrowed.GetArrayLength());
        Assert.Equal(0, (await admin.GetJsonAsync($"/api/audit?target={Guid.NewGuid()}")).GetProperty("total").GetInt32());
    }
}
