using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace CertVerify.Tests.Templates;

[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class TemplatesTests(InProcessFixture app)
{
    [Fact]
    public async Task A_design_with_unknown_keys_round_trips_unchanged()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        const string design = """{"orientation":"landscape","zKey":{"nested":[1,2.50,"x"]},"fields":{"name":{"x":10,"y":20,"font":"Noto Sans"}},"aKey":null}""";
        var name = $"Diploma {Guid.NewGuid():N}";
        using var created = await staff.SendAsync(HttpMethod.Post, "/api/templates", $$"""{"name":"{{name}}","description":"d","design":{{design}}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Read back from the database: same keys, same order, same values.
        var read = await staff.GetJsonAsync($"/api/templates/{id}");
        Assert.Equal(design, read.GetProperty("design").GetRawText());
        Assert.True(read.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Names_are_unique_regardless_of_case_and_designs_are_checked()
    {
        // The duplicate is refused by the database's unique index: EF Core logs the violation before the API answers 409.
        app.Errors.Allow("\"IX_templates_NormalizedName\"");
        using var staff = await app.SignInNewUserAsync("Staff");
        var name = $"Unique {Guid.NewGuid():N}";
        using (var first = await staff.SendAsync(HttpMethod.Post, "/api/templates", new { name }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var duplicate = await staff.SendAsync(HttpMethod.Post, "/api/templates", new { name = name.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        foreach (var body in new[] { """{"name":"x1","design":[1]}""", """{"name":"x2","design":"text"}""", """{"name":"x3","design":{"orientation":"diagonal"}}""", """{"name":"","design":{}}""" })
        {
            using var bad = await staff.SendAsync(HttpMethod.Post, "/api/templates", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
    }

    [Fact]
    public async Task A_used_template_is_deactivated_not_deleted_and_then_refused_for_new_certificates()
    {
        // Deleting a template in use is refused by the certificates' foreign key: EF Core logs the violation before the
        // API answers 409.
        app.Errors.Allow("\"FK_certificates_templates_TemplateId\"");
        using var staff = await app.SignInNewUserAsync("Staff");
        using var unusedResponse = await staff.SendAsync(HttpMethod.Post, "/api/templates", new { name = $"Unused {Guid.NewGuid():N}" });
        var unused = (await unusedResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var deleted = await staff.SendAsync(HttpMethod.Delete, $"/api/templates/{unused}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var name = $"Used {Guid.NewGuid():N}";
        using var usedResponse = await staff.SendAsync(HttpMethod.Post, "/api/templates", new { name });
        var used = (await usedResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var issued = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "T", title = "With template", templateId = used }))
        {
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            Assert.Equal(used, (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("templateId").GetGuid());
        }

        using (var refused = await staff.SendAsync(HttpMethod.Delete, $"/api/templates/{used}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        using (var deactivated = await staff.SendAsync(HttpMethod.Put, $"/api/templates/{used}", new { name, active = false }))
        {
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }

        using var inactive = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "T", title = "Too late", templateId = used });
        Assert.Equal(HttpStatusCode.BadRequest, inactive.StatusCode);
        using var unknown = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "T", title = "No such", templateId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.DoesNotContain((await staff.GetJsonAsync("/api/templates?active=true")).EnumerateArray(), t => t.GetProperty("id").GetGuid() == used);
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_changes_a_template_that_every_issuer_uses()
    {
        using var owner = await app.SignInNewUserAsync("Staff");
        using var other = await app.SignInNewUserAsync("Staff");
        using var admin = await app.SignInAsAdminAsync();
        var name = $"Owned {Guid.NewGuid():N}";
        var id = await owner.CreateTemplateAsync(new { name });
        var ownerId = (await owner.GetJsonAsync("/api/auth/me")).GetProperty("id").GetGuid();
        Assert.Equal(ownerId, (await other.GetJsonAsync($"/api/templates/{id}")).GetProperty("ownerId").GetGuid());

        // Another issuer uses it, but cannot change or delete it.
        await other.IssueCertificateAsync(new { recipientName = "F", title = "With another's template", templateId = id });
        using var change = await other.SendAsync(HttpMethod.Put, $"/api/templates/{id}", new { name, description = "taken over" });
        Assert.Contains("owner", (await Problems.AssertAsync(change, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        using var delete = await other.SendAsync(HttpMethod.Delete, $"/api/templates/{id}");
        await Problems.AssertAsync(delete, HttpStatusCode.Forbidden);

        // The owner, with a session or a key of the issue scope, and an Admin, can.
        using var ownerKey = app.NewSession(await owner.CreateApiKeyAsync("templates"));
        using var byOwner = await ownerKey.SendAsync(HttpMethod.Put, $"/api/templates/{id}", new { name, description = "by the owner" });
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        using var byAdmin = await admin.SendAsync(HttpMethod.Put, $"/api/templates/{id}", new { name, description = "by an Admin" });
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("by an Admin", (await owner.GetJsonAsync($"/api/templates/{id}")).GetProperty("description").GetString());
    }
}
