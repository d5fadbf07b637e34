using System.Net;
using System.Net.Http.Json;

namespace CertVerify.Tests.Users;

/// <summary>What Admins do to accounts: roles, disabling, sessions, the last Admin.</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class UsersTests(InProcessFixture app)
{
    [Fact]
    public async Task An_admin_changing_a_role_or_disabling_ends_the_users_sessions()
    {
        var (email, password, id) = await app.CreateUserAsync("Staff");
        using var user = await app.SignInAsync(email, password);
        using var admin = await app.SignInAsAdminAsync();

        var sessions = await admin.GetJsonAsync($"/api/users/{id}/sessions");
        Assert.Equal(1, sessions.GetArrayLength());

        using (var demote = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{id}", new { role = "Recipient" }))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        await AssertSignedInAsync(user, HttpStatusCode.Unauthorized);
        using (var asRecipient = await app.SignInAsync(email, password))
        {
            using var keys = await asRecipient.Client.GetAsync("/api/keys");
            Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
        }

        using (var disable = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{id}", new { disabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }

        using var login = await app.NewSession().Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(0, (await admin.GetJsonAsync($"/api/users/{id}/sessions")).GetArrayLength());
    }

    [Fact]
    public async Task Naming_the_role_again_ends_the_sessions_again_so_a_retry_is_never_a_no_op()
    {
        var (email, password, id) = await app.CreateUserAsync("Staff");
        using var admin = await app.SignInAsAdminAsync();
        using (var demote = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{id}", new { role = "Recipient" }))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        // Signed in after the change; the retry (same role) ends that session too, as it would have ended the old one.
        using var user = await app.SignInAsync(email, password);
        using (var retry = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{id}", new { role = "Recipient" }))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        }

        await AssertSignedInAsync(user, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_can_list_and_end_a_users_sessions()
    {
        var (email, password, id) = await app.CreateUserAsync("Recipient");
        using var a = await app.SignInAsync(email, password);
        using var b = await app.SignInAsync(email, password);
        using var admin = await app.SignInAsAdminAsync();

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
        await AssertSignedInAsync(a, HttpStatusCode.Unauthorized);
        await AssertSignedInAsync(b, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_or_disabled()
    {
        using var admin = await app.SignInAsAdminAsync();
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
        var (_, _, secondId) = await app.CreateUserAsync("Admin");
        using (var demoteSecond = await admin.SendAsync(HttpMethod.Patch, $"/api/users/{secondId}", new { role = "Staff" }))
        {
            Assert.Equal(HttpStatusCode.OK, demoteSecond.StatusCode);
        }
    }

    /// <summary>What <c>/api/auth/me</c> answers the session (sessions live in Redis: every replica answers the same).</summary>
    private static async Task AssertSignedInAsync(ApiSession session, HttpStatusCode expected)
    {
        using var response = await session.Client.GetAsync("/api/auth/me");
        Assert.Equal(expected, response.StatusCode);
    }
}
