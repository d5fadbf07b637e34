using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Auth;

public static class AuthExtensions
{
    public const string SessionCookie = "certverify_session";
    public const string CsrfCookie = "certverify_csrf";
    public const string CsrfHeader = "X-CSRF-TOKEN";

    private const string CookieOrApiKey = "CookieOrApiKey";

    /// <summary>The application property by which UseAuthentication tells WebApplication not to add it again.</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static WebApplicationBuilder AddCertVerifyAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SessionOptions>(builder.Configuration.GetSection(SessionOptions.SectionName));
        services.Configure<PasswordAttemptOptions>(builder.Configuration.GetSection(PasswordAttemptOptions.SectionName));
        services.Configure<BootstrapOptions>(builder.Configuration.GetSection(BootstrapOptions.SectionName));
        services.AddHttpContextAccessor();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<UserAccounts>();
        services.AddOptions<AccountEmailOptions>().Bind(builder.Configuration.GetSection(AccountEmailOptions.SectionName))
            .Validate(AccountEmailOptions.IsValid, "Accounts:ConfirmationHours (up to 720) and Accounts:PasswordResetMinutes (up to 1440) must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AccountTokens>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<IMailWriter, AccountConfirmationMail>();
        services.AddScoped<IMailWriter, PasswordResetMail>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<PasswordAttempts>();
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<IAuthorizationHandler, AdminScopeRequirement>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblems>();

        services.AddAuthentication(CookieOrApiKey)
            // A bearer token means an API key; anything else is a browser session.
            .AddPolicyScheme(CookieOrApiKey, "Session cookie or API key", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = SessionCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = SecurePolicy(builder.Environment);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => ErrorPages.WantsHtml(context.HttpContext)
                    ? RedirectToSignIn(context)
                    : Deny(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<SessionStore, IOptions<SessionOptions>>((options, store, sessions) =>
            {
                options.SessionStore = store;
                options.ExpireTimeSpan = TimeSpan.FromHours(sessions.Value.IdleTimeoutHours);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(nameof(UserRole.Admin)).AddRequirements(new AdminScopeRequirement()))
            .AddPolicy(Policies.Issuer, policy => policy.RequireRole(nameof(UserRole.Staff), nameof(UserRole.Admin)))
            .AddPolicy(Policies.SignedIn, policy => policy.RequireAuthenticatedUser());

        services.AddAntiforgery(options =>
        {
            options.HeaderName = CsrfHeader;
            options.Cookie.Name = CsrfCookie;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = SecurePolicy(builder.Environment);
        });
        services.AddExceptionHandler<PlainHttpExceptionHandler>();

        return builder;
    }

    /// <summary>
    /// Secure always outside Development, whatever a request says; in Development (http://localhost) whenever the client
    /// used https, as a trusted ingress reports it in X-Forwarded-Proto.
    /// </summary>
    private static CookieSecurePolicy SecurePolicy(IWebHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>
    /// Open to anyone, and never reads who calls (verification): the requests are not authenticated, so a session
    /// cookie or API key sent along is neither read nor validated. Authentication resolves its handlers and reads the
    /// cookie or key on every request it runs for, about a fifth of what a verification allocates (docs/benchmarks.md).
    /// </summary>
    public static TBuilder WithoutCallerIdentity<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(SkipsAuthentication.Instance);

    /// <summary>Authentication for every request but those routed to an endpoint marked <see cref="WithoutCallerIdentity{TBuilder}"/>.</summary>
    public static IApplicationBuilder UseAuthenticationWhereRead(this IApplicationBuilder app)
    {
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<SkipsAuthentication>() is null,
            authenticated => authenticated.UseAuthentication());
        // Called on a branch, UseAuthentication does not mark the application itself, and WebApplication would then add
        // it again, for every request, at the start of the pipeline (UnauthenticatedEndpointsTests counts authentications).
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app;
    }

    /// <summary>
    /// Every state-changing request made with a session cookie must carry the antiforgery token from
    /// GET /api/auth/csrf in X-CSRF-TOKEN. API-key requests are exempt: a browser never adds that header by itself.
    /// </summary>
    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && !HttpMethods.IsOptions(context.Request.Method) && !HttpMethods.IsTrace(context.Request.Method)
                && context.User.SignedInWithCookie())
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    await Problems.Forbidden($"Missing or invalid CSRF token: send the token from GET /api/auth/csrf in {CsrfHeader}.")
                        .ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });

    private static Task RedirectToSignIn(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.HttpContext.Request;
        context.Response.Redirect($"/account/login?returnUrl={Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString)}");
        return Task.CompletedTask;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>A session ends at its absolute expiry, and as soon as the user's security stamp is no longer the one it began with.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        if (PastAbsoluteExpiry(context) || context.Principal is not { } principal || !await StampIsCurrentAsync(context.HttpContext, principal))
        {
            context.RejectPrincipal();
        }
    }

    private static bool PastAbsoluteExpiry(CookieValidatePrincipalContext context) =>
        context.Properties.Items.TryGetValue(SessionStore.AbsoluteExpiryItem, out var value)
        && DateTimeOffset.TryParse(value, out var end)
        && end <= context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private static Task<bool> StampIsCurrentAsync(HttpContext context, ClaimsPrincipal principal) =>
        context.RequestServices.GetRequiredService<SecurityStamps>().IsCurrentAsync(principal.UserId(),
            principal.FindFirstValue(CertVerifyClaims.SecurityStamp), context.RequestServices.GetRequiredService<CertVerifyDbContext>(),
            context.RequestAborted);
}
