using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CertVerify.Tests.Certificates;

/// <summary>
/// The recipient's own certificates: <c>PATCH /api/me/certificates/{id} {isPublic}</c>, who may call it, and what
/// public and private mean on the verification page, the verification API and the public profile.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed partial class MyCertificatesTests(InProcessFixture app)
{
    private sealed record Recipient(ApiSession Session, string Email, Guid Id) : IDisposable
    {
        public void Dispose() => Session.Dispose();
    }

    private async Task<Recipient> NewRecipientAsync()
    {
        var (email, password, id) = await app.CreateUserAsync("Recipient");
        return new Recipient(await app.SignInAsync(email, password), email, id);
    }

    private static Task<HttpResponseMessage> SetVisibilityAsync(ApiSession caller, Guid id, object body) =>
        caller.SendAsync(HttpMethod.Patch, $"/api/me/certificates/{id}", body);

    private static async Task<JsonElement> MakeAsync(ApiSession caller, Guid id, bool isPublic)
    {
        using var response = await SetVisibilityAsync(caller, id, new { isPublic });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var certificate = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, certificate.GetProperty("id").GetGuid());
        Assert.Equal(isPublic, certificate.GetProperty("isPublic").GetBoolean());
        return certificate;
    }

    private static async Task<bool> ListedAsPublicAsync(ApiSession recipient, Guid id)
    {
        var mine = await recipient.GetJsonAsync("/api/me/certificates");
        return mine.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id).GetProperty("isPublic").GetBoolean();
    }

    [Fact]
    public async Task The_recipient_makes_their_certificate_public_and_private_again_and_each_change_is_audited()
    {
        using var recipient = await NewRecipientAsync();
        using var admin = await app.SignInAsAdminAsync();
        // Issued to the address in other letter case: matched regardless of case.
        var issued = await admin.IssueCertificateAsync(new { recipientName = "Toggle Person", recipientEmail = recipient.Email.ToUpperInvariant(), title = "Visibility" });
        var id = issued.GetProperty("id").GetGuid();
        Assert.False(issued.GetProperty("isPublic").GetBoolean());
        Assert.False(await ListedAsPublicAsync(recipient.Session, id));

        await MakeAsync(recipient.Session, id, isPublic: true);
        Assert.True(await ListedAsPublicAsync(recipient.Session, id));
        await MakeAsync(recipient.Session, id, isPublic: true); // no change: answered, not audited again
        await MakeAsync(recipient.Session, id, isPublic: false);
        Assert.False(await ListedAsPublicAsync(recipient.Session, id));

        var audit = (await admin.GetJsonAsync($"/api/audit?actor={recipient.Id}&action=certificate.visibility"))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, entry => Assert.Equal(id.ToString(), entry.GetProperty("target").GetString()));
        Assert.Equal([false, true], audit.Select(e => e.GetProperty("detail").GetProperty("isPublic").GetBoolean())); // newest first
        Assert.Equal(issued.GetProperty("code").GetString(), audit[0].GetProperty("detail").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Nobody_else_can_change_it_and_the_answer_does_not_reveal_that_it_exists()
    {
        using var owner = await NewRecipientAsync();
        using var other = await NewRecipientAsync();
        using var issuer = await app.SignInNewUserAsync("Staff");
        using var admin = await app.SignInAsAdminAsync();
        var id = (await issuer.IssueCertificateAsync(new { recipientName = "Owner", recipientEmail = owner.Email, title = "Not yours" })).GetProperty("id").GetGuid();
        var withoutEmail = (await admin.IssueCertificateAsync(new { recipientName = "Nobody", title = "No email" })).GetProperty("id").GetGuid();

        using var unknownAnswer = await SetVisibilityAsync(other.Session, Guid.NewGuid(), new { isPublic = true });
        var unknown = await Problems.AssertAsync(unknownAnswer, HttpStatusCode.NotFound);
        // Another recipient, the Staff member who issued it, an Admin: the recipient decides, and an id reveals nothing.
        foreach (var (caller, target) in new[] { (other.Session, id), (issuer, id), (admin, id), (admin, withoutEmail) })
        {
            using var response = await SetVisibilityAsync(caller, target, new { isPublic = true });
            var problem = await Problems.AssertAsync(response, HttpStatusCode.NotFound);
            Assert.Equal(unknown.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
        }

        Assert.False(await ListedAsPublicAsync(owner.Session, id));
        Assert.False((await admin.GetJsonAsync($"/api/certificates/{withoutEmail}")).GetProperty("isPublic").GetBoolean());
    }

    [Theory]
    [InlineData("{}", "isPublic")]
    [InlineData("{\"isPublic\":null}", "isPublic")]
    [InlineData("{\"isPublic\":\"yes\"}", "isPublic")]
    [InlineData("{\"isPublic\":1}", "isPublic")]
    [InlineData("{\"isPublic\":", "isPublic")]
    [InlineData("not json", "body")]
    [InlineData("[]", "body")]
    [InlineData("null", null)]
    public async Task Bad_bodies_get_400_naming_the_field(string body, string? field)
    {
        using var recipient = await NewRecipientAsync();
        using var admin = await app.SignInAsAdminAsync();
        var id = (await admin.IssueCertificateAsync(new { recipientName = "Bad Body", recipientEmail = recipient.Email, title = "Bodies" })).GetProperty("id").GetGuid();

        using var response = await SetVisibilityAsync(recipient.Session, id, body);
        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.Contains(field, Problems.FieldsNamed(problem), StringComparer.OrdinalIgnoreCase);
        }

        Assert.False(await ListedAsPublicAsync(recipient.Session, id));
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_a_session_without_its_csrf_token_403()
    {
        using var recipient = await NewRecipientAsync();
        using var admin = await app.SignInAsAdminAsync();
        var id = (await admin.IssueCertificateAsync(new { recipientName = "Anon", recipientEmail = recipient.Email, title = "Anonymous" })).GetProperty("id").GetGuid();

        using var anonymous = app.NewSession();
        using (var response = await SetVisibilityAsync(anonymous, id, new { isPublic = true }))
        {
            await Problems.AssertAsync(response, HttpStatusCode.Unauthorized);
        }

        using (var response = await anonymous.Client.GetAsync("/api/me/certificates"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var token = recipient.Session.CsrfToken;
        recipient.Session.CsrfToken = null;
        using (var response = await SetVisibilityAsync(recipient.Session, id, new { isPublic = true }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        recipient.Session.CsrfToken = token;
        Assert.False(await ListedAsPublicAsync(recipient.Session, id));
    }

    [Fact]
    public async Task Public_means_listed_on_the_profile_indexable_and_described_and_private_means_none_of_it()
    {
        using var recipient = await NewRecipientAsync();
        using var admin = await app.SignInAsAdminAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var description = $"Forty hours of <b>supervised</b> practice {unique}";
        var shown = await admin.IssueCertificateAsync(new { recipientName = "Pat Public", recipientEmail = recipient.Email, title = $"Shown {unique}", description });
        var kept = await admin.IssueCertificateAsync(new { recipientName = "Pat Public", recipientEmail = recipient.Email, title = $"Kept {unique}", description = "Private words" });
        var (id, code) = (shown.GetProperty("id").GetGuid(), shown.GetProperty("code").GetString()!);
        var verdictBefore = await VerdictAsync(code);

        // Private: verifiable by code, but marked noindex, without the description, and listed on no profile.
        Assert.Null(await ProfileOnMePageAsync(recipient.Session));
        await AssertVerifyPageAsync(code, isPublic: false);

        await MakeAsync(recipient.Session, id, isPublic: true);
        var profile = await ProfileOnMePageAsync(recipient.Session);
        Assert.NotNull(profile);
        await AssertVerifyPageAsync(code, isPublic: true);
        using var anonymous = app.CreateClient();
        var profilePage = await anonymous.GetStringAsync(profile);
        Assert.Contains($"/verify/{code}", profilePage);
        Assert.Contains($"Shown {unique}", profilePage);
        Assert.DoesNotContain($"Kept {unique}", profilePage);
        Assert.DoesNotContain(recipient.Email, profilePage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", Regex.Replace(profilePage, "<[^>]*>", "")); // no email, not even partly

        // The verification API answers the same either way: no email, no description.
        var verdictPublic = await VerdictAsync(code);
        Assert.Equal(PropertyNames(verdictBefore), PropertyNames(verdictPublic));
        Assert.DoesNotContain(unique, verdictPublic.GetProperty("certificate").GetRawText().Replace($"Shown {unique}", ""));
        Assert.DoesNotContain(recipient.Email, verdictPublic.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // Private again: off the profile (which, listing nothing, is gone) and out of search engines again.
        await MakeAsync(recipient.Session, id, isPublic: false);
        using (var gone = await anonymous.GetAsync(profile))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        await AssertVerifyPageAsync(code, isPublic: false);
        Assert.Null(await ProfileOnMePageAsync(recipient.Session));
        // The address is kept for next time.
        await MakeAsync(recipient.Session, kept.GetProperty("id").GetGuid(), isPublic: true);
        Assert.Equal(profile, await ProfileOnMePageAsync(recipient.Session));

        using var unknown = await anonymous.GetAsync("/u/0000000000000000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<JsonElement> VerdictAsync(string code)
    {
        using var client = app.CreateClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/verify/{code}");
    }

    private static IEnumerable<string> PropertyNames(JsonElement verdict) =>
        verdict.EnumerateObject().Select(p => p.Name)
            .Concat(verdict.GetProperty("certificate").EnumerateObject().Select(p => "certificate." + p.Name)).Order();

    /// <summary>The public profile address the recipient's own page shows, as a path; null when it shows none.</summary>
    private static async Task<string?> ProfileOnMePageAsync(ApiSession recipient)
    {
        var page = await recipient.Client.GetStringAsync("/me");
        return ProfileLink().Match(page) is { Success: true } match ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("id=\"profile-link\"[^>]*value=\"https?://[^/\"]+(/u/[0-9a-z]{16})\"")]
    private static partial Regex ProfileLink();

    /// <summary>The page shows the change at once (the cached answer is dropped; every replica's: CertificatesAcrossReplicasTests).</summary>
    private async Task AssertVerifyPageAsync(string code, bool isPublic)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/verify/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(isPublic, response.Headers.TryGetValues("X-Robots-Tag", out _) is false);
        Assert.Equal(isPublic, !page.Contains("<meta name=\"robots\" content=\"noindex\" />"));
        Assert.Equal(isPublic, page.Contains("property=\"og:title\""));
        Assert.Equal(isPublic, page.Contains("supervised"));
        Assert.DoesNotContain("<b>supervised</b>", page); // kept as text
        Assert.Contains("Pat Public", page);
    }
}
