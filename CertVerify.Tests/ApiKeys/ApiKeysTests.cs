using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.ApiKeys;

/// <summary>API keys for issuing systems, through the API (their format: ApiKeyTests).</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class ApiKeysTests(InProcessFixture app)
{
    [Fact]
    public async Task Api_keys_are_shown_once_act_as_their_owner_and_stop_working_when_revoked()
    {
        var (email, password, id) = await app.CreateUserAsync("Staff");
        using var staff = await app.SignInAsync(email, password);
        using var createdResponse = await staff.SendAsync(HttpMethod.Post, "/api/keys", new { name = "issuing system" });
        Assert.Equal(HttpStatusCode.Created, createdResponse.StatusCode);
        var created = await createdResponse.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith("cvk_", key);

        var listed = await staff.GetJsonAsync("/api/keys");
        Assert.DoesNotContain(key, listed.GetRawText());

        using var machine = app.NewSession(key);
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

        using var forged = app.NewSession(key[..^4] + "AAAA");
        using var forgedResponse = await forged.Client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task Another_staff_members_key_cannot_be_revoked()
    {
        var (emailA, passwordA, _) = await app.CreateUserAsync("Staff");
        var (emailB, passwordB, _) = await app.CreateUserAsync("Staff");
        using var a = await app.SignInAsync(emailA, passwordA);
        using var b = await app.SignInAsync(emailB, passwordB);
        using var created = await a.SendAsync(HttpMethod.Post, "/api/keys", new { name = "a's key" });
        var keyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var revoke = await b.SendAsync(HttpMethod.Delete, $"/api/keys/{keyId}");
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(0, (await b.GetJsonAsync("/api/keys")).GetArrayLength());
    }
}
