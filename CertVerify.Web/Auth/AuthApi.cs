using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Auth;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");

        auth.MapPost("/register", RegisterAsync).AllowAnonymous().RequireRateLimiting(RateLimits.RegisterPolicy)
            .WithName("Register")
            .WithSummary("Register an account")
            .WithDescription("Always a Recipient account (Admins create Staff and Admins with `POST /api/users`), unconfirmed: it sees " +
                "no certificates until the link mailed to it is used (`POST /api/auth/confirm`). 409 when the email is taken; an " +
                "unconfirmed account past its deadline does not hold its email, and is replaced.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/confirm", async (TokenRequest request, AccountEmails emails, CancellationToken ct) =>
                (await emails.ConfirmAsync(request.Token, ct)).ToResult())
            .AllowAnonymous().RequireRateLimiting(RateLimits.LoginPolicy)
            .WithName("ConfirmEmail")
            .WithSummary("Confirm an account's email")
            .WithDescription("With the token of the mailed link. 204 (also when already confirmed); 400 for a link that is not valid or has expired.");
        auth.MapPost("/confirm/resend", async (ClaimsPrincipal caller, AccountEmails emails, CancellationToken ct) =>
                (await emails.ResendConfirmationAsync(caller.UserId(), ct)).ToResult())
            .RequireAuthorization(Policies.SignedIn)
            .WithName("ResendConfirmation")
            .WithSummary("Mail the confirmation link again")
            .WithDescription("The account's deadline stays the one set at registration. 409 when the email is already confirmed.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/claim", async (ClaimRequest request, ClaimsPrincipal caller, AccountEmails emails, CancellationToken ct) =>
                (await emails.ClaimAsync(request.Token, request.Name, request.Password,
                    caller.Identity?.IsAuthenticated == true ? caller.UserId() : null, ct)).ToResult(user => TypedResults.Ok(UserView.From(user))))
            .AllowAnonymous().RequireRateLimiting(RateLimits.RegisterPolicy)
            .WithName("ClaimCertificate")
            .WithSummary("Use a certificate's claim link")
            .WithDescription("The link mailed with a certificate proves its recipient's address. Signed in as the account with " +
                "that email: confirms it. No account has it: `name` and `password` create one, confirmed (then sign in). " +
                "409 when another account holds the email; 400 for a link not valid or expired.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/password-reset", async (PasswordResetRequest request, AccountEmails emails, CancellationToken ct) =>
            {
                await emails.RequestPasswordResetAsync(request.Email, ct);
                return TypedResults.Accepted((string?)null);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimits.RegisterPolicy)
            .WithName("RequestPasswordReset")
            .WithSummary("Mail a password reset link")
            .WithDescription("202 whether or not an account has this email (the answer tells nobody); when one has, a link valid " +
                "for `Accounts:PasswordResetMinutes` is mailed to it.");
        auth.MapPost("/password-reset/complete", async (CompletePasswordResetRequest request, AccountEmails emails, CancellationToken ct) =>
                (await emails.ResetPasswordAsync(request.Token, request.NewPassword, ct)).ToResult())
            .AllowAnonymous().RequireRateLimiting(RateLimits.LoginPolicy)
            .WithName("ResetPassword")
            .WithSummary("Set a new password with a reset link")
            .WithDescription("Works once: it ends every session of the account and confirms its email. 400 for a link that is not " +
                "valid, has expired or was used, or a weak password.");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.LoginPolicy)
            .WithName("SignIn")
            .WithSummary("Sign in")
            .WithDescription("Sets the session cookie and answers with the user and the CSRF token that requests made with the " +
                "cookie must send in `X-CSRF-TOKEN` to change anything. 401 for a wrong email or password, 429 after too many " +
                "failures for the account, 503 while sessions cannot be stored (Redis).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapGet("/csrf", GetCsrfToken).AllowAnonymous()
            .WithName("GetCsrfToken")
            .WithSummary("Get a CSRF token")
            .WithDescription("The token a session sends in `X-CSRF-TOKEN` with every request that changes something (API keys need none).");
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization(Policies.SignedIn)
            .WithName("SignOut")
            .WithSummary("Sign out")
            .WithDescription("Ends the session of the cookie sent. An API key is not signed out but revoked (`DELETE /api/keys/{id}`): 400.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        auth.MapGet("/me", GetMe).RequireAuthorization(Policies.SignedIn)
            .WithName("GetMe")
            .WithSummary("The signed-in user")
            .WithDescription("Who the caller is, their role, and whether they came with a session or an API key.");
        auth.MapPost("/password", ChangePasswordAsync).RequireAuthorization(Policies.SignedIn)
            .WithName("ChangePassword")
            .WithSummary("Change the password")
            .WithDescription("Needs the current password; wrong ones are counted like failed sign-ins (429 after too many from the " +
                "caller's address). Ends every other session of the user (all of them when called with an API key).");

        return app;
    }

    public sealed record RegisterRequest(
        [Required, EmailAddress, StringLength(UserLimits.EmailLength)] string Email,
        [Required, StringLength(PasswordPolicy.MaxLength)] string Password,
        [Required, StringLength(UserLimits.NameLength, MinimumLength = 1)] string Name);

    public sealed record TokenRequest([Required, StringLength(AccountLimits.TokenLength)] string Token);

    public sealed record ClaimRequest(
        [Required, StringLength(AccountLimits.TokenLength)] string Token,
        [StringLength(UserLimits.NameLength, MinimumLength = 1)] string? Name,
        [StringLength(PasswordPolicy.MaxLength)] string? Password);

    public sealed record PasswordResetRequest([Required, StringLength(UserLimits.EmailLength)] string Email);

    public sealed record CompletePasswordResetRequest(
        [Required, StringLength(AccountLimits.TokenLength)] string Token,
        [Required, StringLength(PasswordPolicy.MaxLength)] string NewPassword);

    public sealed record LoginRequest(
        [Required, StringLength(UserLimits.EmailLength)] string Email,
        [Required, StringLength(PasswordPolicy.MaxLength)] string Password);

    public sealed record ChangePasswordRequest(
        [Required, StringLength(PasswordPolicy.MaxLength)] string CurrentPassword,
        [Required, StringLength(PasswordPolicy.MaxLength)] string NewPassword);

    public sealed record MeView(Guid Id, string Email, string Name, string Role, string AuthMethod);

    public sealed record LoginResult(MeView User, string CsrfToken);

    public sealed record CsrfToken(string Token, string HeaderName);

    /// <summary>Public registration always makes a Recipient; Staff and Admins are created by Admins.</summary>
    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, AccountEmails emails) =>
        (await emails.RegisterAsync(request.Email, request.Name, request.Password))
            .ToResult(user => TypedResults.Created($"/api/users/{user.Id}", UserView.From(user)));

    private static async Task<Results<Ok<LoginResult>, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        HttpContext context,
        UserAccounts accounts,
        PasswordAttempts attempts,
        AuditLog audit,
        IAntiforgery antiforgery,
        IOptions<SessionOptions> sessions,
        TimeProvider clock)
    {
        const string Refused = "Invalid email or password.";
        var email = request.Email.Trim();

        User? user = null;
        PasswordAttempt attempt;
        try
        {
            attempt = await attempts.CheckAsync(email, context.ClientIp(), async () => (user = await accounts.VerifyAsync(email, request.Password)) is not null);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            // Refused before the password is checked: without Redis nothing limits guessing (see PasswordAttempts).
            return SignInUnavailable();
        }

        if (attempt.WaitFor is { } wait)
        {
            await audit.WriteAsync(AuditActions.LoginLocked, User.Normalize(email), new { clientIp = context.ClientIp() });
            return Problems.TooManyRequests(context, wait, "Too many failed sign-ins for this account from this address. Try again later.");
        }

        if (user is null)
        {
            await audit.WriteAsync(AuditActions.LoginFailed, User.Normalize(email));
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: Refused);
        }

        var principal = new ClaimsPrincipal(CertVerifyClaims.CreateIdentity(
            user, CookieAuthenticationDefaults.AuthenticationScheme, CertVerifyClaims.CookieMethod));
        var properties = new AuthenticationProperties { IsPersistent = true };
        properties.Items[SessionStore.AbsoluteExpiryItem] = clock.GetUtcNow().AddDays(sessions.Value.AbsoluteLifetimeDays).ToString("O");
        try
        {
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            return SignInUnavailable();
        }

        // The CSRF token is bound to the signed-in user; hand out the one the next requests need.
        context.User = principal;
        var tokens = antiforgery.GetAndStoreTokens(context);
        await audit.WriteAsync(AuditActions.LoginSucceeded, user.Id.ToString(), actor: new Actor(user.Id, user.Email));
        return TypedResults.Ok(new LoginResult(ToMe(principal), tokens.RequestToken!));
    }

    /// <summary>Sessions live in Redis: without it nobody can sign in, but the rest keeps answering.</summary>
    private static ProblemHttpResult SignInUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Sign-in unavailable",
            detail: "Sessions cannot be stored right now. Try again shortly.");

    private static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(HttpContext context, AuditLog audit)
    {
        if (!context.User.SignedInWithCookie())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a session",
                detail: "API keys are revoked with DELETE /api/keys/{id}, not signed out.");
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await audit.WriteAsync(AuditActions.Logout, context.User.UserId().ToString());
        return TypedResults.NoContent();
    }

    private static Ok<MeView> GetMe(ClaimsPrincipal user) => TypedResults.Ok(ToMe(user));

    private static Ok<CsrfToken> GetCsrfToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new CsrfToken(tokens.RequestToken!, tokens.HeaderName!));
    }

    /// <summary>Changing the password ends every other session of the user (and all of them for an API-key caller).</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request,
        HttpContext context,
        CertVerifyDbContext db,
        UserAccounts accounts,
        PasswordAttempts attempts,
        SessionStore sessions,
        AuditLog audit)
    {
        var caller = context.User;
        var user = await db.Users.FindAsync(caller.UserId());
        if (user is null)
        {
            return Problems.NotFound("user");
        }

        var attempt = await attempts.CheckAsync(user.Email, context.ClientIp(), () => Task.FromResult(accounts.PasswordMatches(user, request.CurrentPassword)));
        if (attempt.WaitFor is { } wait)
        {
            return Problems.TooManyRequests(context, wait, "Too many wrong passwords from this address. Try again later.");
        }

        if (!attempt.Matched)
        {
            return Problems.Field("currentPassword", "The current password is not correct.");
        }

        if (PasswordPolicy.Check(request.NewPassword, user.Email) is { } weak)
        {
            return Problems.Field("newPassword", weak);
        }

        accounts.SetPassword(user, request.NewPassword);
        audit.Add(AuditActions.PasswordChanged, user.Id.ToString());
        await db.SaveChangesAsync();
        var ended = await sessions.RevokeAllAsync(user.Id, keep: caller.FindFirstValue(CertVerifyClaims.SessionId));
        await audit.WriteAsync(AuditActions.SessionsRevoked, user.Id.ToString(), new { count = ended, reason = "password changed" });
        return TypedResults.NoContent();
    }

    private static MeView ToMe(ClaimsPrincipal user) => new(
        user.UserId(),
        user.FindFirstValue(ClaimTypes.Email)!,
        user.FindFirstValue(ClaimTypes.Name)!,
        user.FindFirstValue(ClaimTypes.Role)!,
        user.FindFirstValue(CertVerifyClaims.AuthMethod)!);
}
