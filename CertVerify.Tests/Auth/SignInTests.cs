using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Auth;

/// <summary>Registration, sign-in, password changes and password-guessing delays on one instance in process (across replicas: SessionsAcrossReplicasTests).</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class SignInTests(InProcessFixture app)
{
    [Fact]
    public async Task Registration_makes_a_recipient_whatever_role_is_asked_for_and_emails_are_unique_ignoring_case()
    {
        var email = $"Someone-{Guid.NewGuid():N}@Example.test";
        using var anonymous = app.NewSession();
        using var created = await anonymous.Client.PostAsJsonAsync("/api/auth/register",
            new { email, password = "a-long-enough-password", name = "Some One", role = "Admin" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Recipient", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());

        using var duplicate = await anonymous.Client.PostAsJsonAsync("/api/auth/register",
            new { email = email.ToUpperInvariant(), password = "another-long-password", name = "Copy" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var session = await app.SignInAsync(email.ToLowerInvariant(), "a-long-enough-password");
        Assert.Equal("Recipient", (await session.GetJsonAsync("/api/auth/me")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_but_keeps_this_one()
    {
        var (email, password, _) = await app.CreateUserAsync("Staff");
        using var first = await app.SignInAsync(email, password);
        using var second = await app.SignInAsync(email, password);

        using var weak = await first.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = password, newPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var wrong = await first.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = "not-the-password", newPassword = "a-new-long-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        using var changed = await first.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = password, newPassword = "a-new-long-password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        await AssertSignedInAsync(first, HttpStatusCode.OK);
        await AssertSignedInAsync(second, HttpStatusCode.Unauthorized);
        using var old = app.NewSession();
        using var oldPassword = await old.Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        using var again = await app.SignInAsync(email, "a-new-long-password");
    }

    [Fact]
    public async Task Lockout_answers_the_same_for_an_email_with_no_account()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.test";
        using var client = app.NewSession();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.Client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-123" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Wrong_passwords_given_to_change_it_or_to_make_an_admin_key_are_slowed_like_sign_ins()
    {
        // An Admin of its own: the delays it provokes from this address must not slow the other tests' Admin.
        var (email, password, _) = await app.CreateUserAsync("Admin");
        using var session = await app.SignInAsync(email, password);
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await session.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = "not-the-password", newPassword = "a-new-long-password" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var wrongForKey = await session.SendAsync(HttpMethod.Post, "/api/keys", new { name = "ops", scope = "admin", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongForKey.StatusCode);

        // Five failures from this address: now even the right password waits, wherever it is given.
        using var change = await session.SendAsync(HttpMethod.Post, "/api/auth/password", new { currentPassword = password, newPassword = "a-new-long-password" });
        await Problems.AssertAsync(change, HttpStatusCode.TooManyRequests);
        Assert.NotNull(change.Headers.RetryAfter);
        using var key = await session.SendAsync(HttpMethod.Post, "/api/keys", new { name = "ops", scope = "admin", password });
        await Problems.AssertAsync(key, HttpStatusCode.TooManyRequests);
        Assert.NotNull(key.Headers.RetryAfter);
        using var signIn = await app.NewSession().Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
    }

    /// <summary>What <c>/api/auth/me</c> answers the session (sessions live in Redis: every replica answers the same).</summary>
    private static async Task AssertSignedInAsync(ApiSession session, HttpStatusCode expected)
    {
        using var response = await session.Client.GetAsync("/api/auth/me");
        Assert.Equal(expected, response.StatusCode);
    }
}
