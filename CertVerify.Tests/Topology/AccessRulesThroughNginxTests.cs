using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Topology;

/// <summary>API key scopes, through Nginx: a leaked key of the default scope cannot escalate to an Admin's powers.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class AccessRulesThroughNginxTests(TopologyFixture topology)
{
    [Fact]
    public async Task A_leaked_admin_key_of_the_issue_scope_can_issue_but_cannot_create_users_or_mint_keys()
    {
        using var admin = await topology.SignInAsAdminAsync();
        using var leaked = topology.NewSession(await admin.CreateApiKeyAsync("leaked"));
        await leaked.IssueCertificateAsync(new { recipientName = "Scope Test", title = "Issued with an issue-scope key" });

        // The escalation the issue describes: a new Admin user (then signing in as it and minting keys).
        var email = $"escalated-{Guid.NewGuid():N}@example.test";
        using var createUser = await leaked.SendAsync(HttpMethod.Post, "/api/users",
            new { email, name = "Escalated", password = "a-long-enough-password", role = "Admin" });
        var refused = await Problems.AssertAsync(createUser, HttpStatusCode.Forbidden);
        Assert.Contains("admin scope", refused.GetProperty("detail").GetString());

        using var mint = await leaked.SendAsync(HttpMethod.Post, "/api/keys", new { name = "minted" });
        await Problems.AssertAsync(mint, HttpStatusCode.Forbidden);
        using var mintAdmin = await leaked.SendAsync(HttpMethod.Post, "/api/keys",
            new { name = "minted", scope = "admin", password = TopologyFixture.AdminPassword });
        await Problems.AssertAsync(mintAdmin, HttpStatusCode.Forbidden);
        using var demote = await leaked.SendAsync(HttpMethod.Patch, $"/api/users/{Guid.NewGuid()}", new { role = "Recipient" });
        await Problems.AssertAsync(demote, HttpStatusCode.Forbidden);

        var found = await admin.GetJsonAsync($"/api/users?search={Uri.EscapeDataString(email)}");
        Assert.Equal(0, found.GetProperty("total").GetInt32());
        using var signIn = await topology.NewSession().Client.PostAsJsonAsync("/api/auth/login", new { email, password = "a-long-enough-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_who_re_enters_the_password_gets_a_key_of_the_admin_scope()
    {
        using var admin = await topology.SignInAsAdminAsync();
        using var noPassword = await admin.SendAsync(HttpMethod.Post, "/api/keys", new { name = "ops", scope = "admin" });
        Assert.Equal(["password"], Problems.FieldsNamed(await Problems.AssertAsync(noPassword, HttpStatusCode.BadRequest)));
        using var wrongPassword = await admin.SendAsync(HttpMethod.Post, "/api/keys", new { name = "ops", scope = "admin", password = "not-the-password" });
        Assert.Equal(["password"], Problems.FieldsNamed(await Problems.AssertAsync(wrongPassword, HttpStatusCode.BadRequest)));

        using var created = await admin.SendAsync(HttpMethod.Post, "/api/keys", new { name = "ops", scope = "admin", password = TopologyFixture.AdminPassword });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("admin", key.GetProperty("scope").GetString());

        using var operations = topology.NewSession(key.GetProperty("key").GetString());
        using var users = await operations.Client.GetAsync("/api/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        using var mint = await operations.SendAsync(HttpMethod.Post, "/api/keys", new { name = "minted" });
        await Problems.AssertAsync(mint, HttpStatusCode.Forbidden);

        // Staff cannot have one, whatever password they give.
        var (staffEmail, staffPassword, _) = await topology.CreateUserAsync("Staff");
        using var staff = await topology.SignInAsync(staffEmail, staffPassword);
        using var staffAdmin = await staff.SendAsync(HttpMethod.Post, "/api/keys", new { name = "ops", scope = "admin", password = staffPassword });
        await Problems.AssertAsync(staffAdmin, HttpStatusCode.Forbidden);
    }
}
