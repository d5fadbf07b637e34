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
            .WithDescription("Always a Recipient account (Admins create Staff and Admins with `POST /api/users`); 409 when the email is taken.")
            .ProducesProblem(StatusCodes.Status409Conflict);
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
        RegisterRequest request, UserAccounts accounts, AuditLog audit)
    {
        var created = await accounts.CreateAsync(request.Email, request.Name, request.Password, UserRole.Recipient);
        if (created.Value is { } user)
        {
            audit.Add(AuditActions.Register, user.Id.ToString(), new { user.Email }, new Actor(user.Id, user.Email));
            if (await accounts.SaveAsync() is { } conflict)
            {
                created = conflict;
            }
        }

        return created.ToResult(user => TypedResults.Created($"/api/users/{user.Id}", UserView.From(user)));
    }

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
