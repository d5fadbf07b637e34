using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace CertVerify.Tests.Auth;

/// <summary>
/// Proving an address: a self-registered account sees no certificates until the mailed confirmation link is used, an
/// unconfirmed account past its deadline gives its email up, and a forgotten password is reset by a mailed link that
/// works once and signs the account out everywhere. The links come from the real mail (smtp4dev), at the public address.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class AccountEmailTests(InProcessFixture app)
{
    private static string Token(Uri link) => QueryHelpers.ParseQuery(link.Query)["token"].ToString();

    private async Task<Guid> IssueToAsync(string email)
    {
        using var admin = await app.SignInAsAdminAsync();
        return (await admin.IssueCertificateAsync(new { recipientName = "Owner", recipientEmail = email, title = "Proof test" })).GetProperty("id").GetGuid();
    }

    private async Task<ApiSession> RegisterAsync(string email, string password)
    {
        using var anonymous = app.NewSession();
        using var created = await anonymous.Client.PostAsJsonAsync("/api/auth/register", new { email, password, name = "Registrant" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return await app.SignInAsync(email, password);
    }

    private static async Task<int> MineAsync(ApiSession session) =>
        (await session.GetJsonAsync("/api/me/certificates")).GetProperty("total").GetInt32();

    [Fact]
    public async Task An_unconfirmed_account_sees_nothing_until_its_mailed_link_is_used()
    {
        var email = $"confirm-{Guid.NewGuid():N}@example.test";
        var certificate = await IssueToAsync(email);
        using var session = await RegisterAsync(email, "a-long-enough-password");

        Assert.Equal(0, await MineAsync(session));
        using (var makePublic = await session.SendAsync(HttpMethod.Patch, $"/api/me/certificates/{certificate}", new { isPublic = true }))
        {
            await Problems.AssertAsync(makePublic, HttpStatusCode.NotFound);
        }

        using var inbox = app.Inbox();
        var link = await inbox.LinkAsync(email, "confirm your email", "/account/confirm");
        Assert.Equal(app.BaseAddress.GetLeftPart(UriPartial.Authority), link.GetLeftPart(UriPartial.Authority)); // the configured address

        using var anonymous = app.NewSession();
        using (var altered = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/confirm", new { token = Token(link)[..^2] + "xx" }))
        {
            Assert.Contains("token", Problems.FieldsNamed(await Problems.AssertAsync(altered, HttpStatusCode.BadRequest)));
        }

        using (var confirmed = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/confirm", new { token = Token(link) }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        }

        Assert.Equal(1, await MineAsync(session)); // the same session: what the database says now counts
        using var again = await session.SendAsync(HttpMethod.Post, "/api/auth/confirm/resend");
        await Problems.AssertAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_expired_unconfirmed_account_gives_its_email_up_an_unexpired_one_does_not()
    {
        var email = $"squat-{Guid.NewGuid():N}@example.test";
        Guid squatterId;
        using (var squatting = await RegisterAsync(email, "the-squatters-password"))
        {
            squatterId = (await squatting.GetJsonAsync("/api/auth/me")).GetProperty("id").GetGuid();
        }

        using var anonymous = app.NewSession();
        using (var taken = await anonymous.Client.PostAsJsonAsync("/api/auth/register", new { email, password = "the-owners-password", name = "Owner" }))
        {
            await Problems.AssertAsync(taken, HttpStatusCode.Conflict);
        }

        await using (var db = await app.OpenDatabaseAsync())
        {
            await using var expire = db.CreateCommand();
            expire.CommandText = """UPDATE users SET "ConfirmBy" = now() - interval '1 minute' WHERE "Email" = $1""";
            expire.Parameters.AddWithValue(email);
            Assert.Equal(1, await expire.ExecuteNonQueryAsync());
        }

        using var owner = await RegisterAsync(email, "the-owners-password");
        Assert.NotEqual(squatterId, (await owner.GetJsonAsync("/api/auth/me")).GetProperty("id").GetGuid());
        using var squatter = app.NewSession();
        using var refused = await squatter.Client.PostAsJsonAsync("/api/auth/login", new { email, password = "the-squatters-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_reset_link_sets_the_password_once_and_ends_every_session_with_the_same_answer_for_unknown_emails()
    {
        var (email, password, _) = await app.CreateUserAsync("Recipient");
        using var signedIn = await app.SignInAsync(email, password);
        using var anonymous = app.NewSession();

        using var unknown = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/password-reset", new { email = $"nobody-{Guid.NewGuid():N}@example.test" });
        using var known = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/password-reset", new { email = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());

        using var inbox = app.Inbox();
        var token = Token(await inbox.LinkAsync(email, "reset your password", "/account/reset"));
        using (var weak = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/password-reset/complete", new { token, newPassword = "short" }))
        {
            Assert.Contains("newPassword", Problems.FieldsNamed(await Problems.AssertAsync(weak, HttpStatusCode.BadRequest)));
        }

        using (var reset = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/password-reset/complete", new { token, newPassword = "a-brand-new-password" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        using (var reused = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/password-reset/complete", new { token, newPassword = "yet-another-password" }))
        {
            Assert.Contains("token", Problems.FieldsNamed(await Problems.AssertAsync(reused, HttpStatusCode.BadRequest)));
        }

        using (var ended = await signedIn.SendAsync(HttpMethod.Get, "/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        }

        using var withNew = await app.SignInAsync(email, "a-brand-new-password");
        Assert.Equal(email, (await withNew.GetJsonAsync("/api/auth/me")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task The_claim_link_in_a_notification_signs_the_recipient_up_or_confirms_their_account()
    {
        var email = $"claim-{Guid.NewGuid():N}@example.test";
        var certificate = await IssueToAsync(email);
        using var inbox = app.Inbox();
        var claim = Token(await inbox.LinkAsync(email, "Proof test", "/account/claim"));

        using var anonymous = app.NewSession();
        using (var noPassword = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/claim", new { token = claim }))
        {
            await Problems.AssertAsync(noPassword, HttpStatusCode.BadRequest);
        }

        using (var created = await anonymous.SendAsync(HttpMethod.Post, "/api/auth/claim", new { token = claim, name = "Claimant", password = "a-claimants-password" }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using var claimant = await app.SignInAsync(email, "a-claimants-password");
        Assert.Equal(1, await MineAsync(claimant)); // confirmed by the link: no other mail needed
        using (var makePublic = await claimant.SendAsync(HttpMethod.Patch, $"/api/me/certificates/{certificate}", new { isPublic = true }))
        {
            Assert.Equal(HttpStatusCode.OK, makePublic.StatusCode);
        }

        using var someoneElse = await app.SignInNewUserAsync("Recipient");
        using var taken = await someoneElse.SendAsync(HttpMethod.Post, "/api/auth/claim", new { token = claim });
        await Problems.AssertAsync(taken, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_claim_link_confirms_the_unconfirmed_account_signed_in_with_its_address()
    {
        var email = $"claim-mine-{Guid.NewGuid():N}@example.test";
        using var session = await RegisterAsync(email, "a-long-enough-password");
        await IssueToAsync(email);
        Assert.Equal(0, await MineAsync(session));

        using var inbox = app.Inbox();
        var claim = Token(await inbox.LinkAsync(email, "Proof test", "/account/claim"));
        using var claimed = await session.SendAsync(HttpMethod.Post, "/api/auth/claim", new { token = claim });
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal(1, await MineAsync(session));
    }
}
