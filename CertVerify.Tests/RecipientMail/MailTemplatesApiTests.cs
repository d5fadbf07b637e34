using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.RecipientMail;

/// <summary>
/// The templates of recipients' mail through the API: Admins read, change (audited), preview and reset them; bad wording
/// is a 400 naming its fields; nobody else gets in (the authorization matrix covers every caller, this says why).
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class MailTemplatesApiTests(InProcessFixture app)
{
    // The expired notice: no other test waits for one, so changing it for a moment disturbs nobody.
    private const string Path = "/api/mail/templates/CertificateExpired";

    [Fact]
    public async Task Admins_change_preview_and_reset_a_template_and_the_change_is_audited()
    {
        using var admin = await app.SignInAsAdminAsync();
        try
        {
            var before = await admin.GetJsonAsync(Path);
            Assert.True(before.GetProperty("isDefault").GetBoolean());
            Assert.Contains("{{certificateTitle}}", before.GetProperty("subject").GetString());

            var wording = new { subject = "Expired: {{ certificateTitle }}", text = "Dear {{recipientName}}, see {{verificationUrl}}", html = "<p>Dear {{recipientName}}</p>" };
            using (var saved = await admin.SendAsync(HttpMethod.Put, "/api/mail/templates/certificateexpired", wording))
            {
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            }

            var after = await admin.GetJsonAsync(Path);
            Assert.False(after.GetProperty("isDefault").GetBoolean());
            Assert.Equal("Expired: {{ certificateTitle }}", after.GetProperty("subject").GetString());
            var audit = await admin.GetJsonAsync("/api/audit?action=mail.template_update&target=CertificateExpired");
            Assert.NotEmpty(audit.GetProperty("items").EnumerateArray());

            using var preview = await admin.SendAsync(HttpMethod.Post, $"{Path}/preview", wording);
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var rendered = await preview.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Expired: Certificate of Completion", rendered.GetProperty("subject").GetString());
            Assert.Contains($"see {app.BaseAddress.ToString().TrimEnd('/')}/verify/CV-", rendered.GetProperty("text").GetString());
            Assert.Contains("<p>Dear Alex Morgan</p>", rendered.GetProperty("html").GetString());

            using var reset = await admin.SendAsync(HttpMethod.Delete, Path);
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            Assert.True((await admin.GetJsonAsync(Path)).GetProperty("isDefault").GetBoolean());
        }
        finally
        {
            (await admin.SendAsync(HttpMethod.Delete, Path)).Dispose();
        }
    }

    [Fact]
    public async Task Bad_wording_is_a_400_naming_its_fields_and_an_unknown_kind_a_404()
    {
        using var admin = await app.SignInAsAdminAsync();
        using (var injection = await admin.SendAsync(HttpMethod.Put, Path, new { subject = "Hi\r\nBcc: victim@example.org", text = "{{nope}}", html = "<p>ok</p>" }))
        {
            var problem = await Problems.AssertAsync(injection, HttpStatusCode.BadRequest);
            Assert.Equal(["subject", "text"], Problems.FieldsNamed(problem).Order());
        }

        using (var empty = await admin.SendAsync(HttpMethod.Put, Path, "{}"))
        {
            Assert.Equal(["html", "subject", "text"], Problems.FieldsNamed(await Problems.AssertAsync(empty, HttpStatusCode.BadRequest)).Order());
        }

        using (var tooLong = await admin.SendAsync(HttpMethod.Post, $"{Path}/preview", new { subject = new string('s', 201), text = "t", html = "h" }))
        {
            Assert.Equal(["subject"], Problems.FieldsNamed(await Problems.AssertAsync(tooLong, HttpStatusCode.BadRequest)));
        }

        using (var notText = await admin.SendAsync(HttpMethod.Put, Path, """{"subject":12,"text":"t","html":"h"}"""))
        {
            await Problems.AssertAsync(notText, HttpStatusCode.BadRequest);
        }

        using (var unknown = await admin.SendAsync(HttpMethod.Get, "/api/mail/templates/PasswordReset"))
        {
            await Problems.AssertAsync(unknown, HttpStatusCode.NotFound);
        }

        Assert.True((await admin.GetJsonAsync(Path)).GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task Staff_anonymous_callers_and_issue_scope_keys_are_refused()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var admin = await app.SignInAsAdminAsync();
        using var key = app.NewSession(await admin.CreateApiKeyAsync("mail templates"));
        using var anonymous = app.NewSession();
        var body = new { subject = "S", text = "T", html = "H" };
        foreach (var (caller, expected) in new[] { (staff, HttpStatusCode.Forbidden), (key, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var read = await caller.SendAsync(HttpMethod.Get, Path);
            Assert.Equal(expected, read.StatusCode);
            using var write = await caller.SendAsync(HttpMethod.Put, Path, body);
            Assert.Equal(expected, write.StatusCode);
        }

        Assert.True((await admin.GetJsonAsync(Path)).GetProperty("isDefault").GetBoolean());
    }
}
