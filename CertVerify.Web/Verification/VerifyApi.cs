using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Auth;
using CertVerify.Web.Hosting;
using CertVerify.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertVerify.Web.Verification;

public static class VerifyApi
{
    public static IServiceCollection AddVerification(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<VerificationOptions>(configuration.GetSection(VerificationOptions.SectionName));
        services.AddHybridCache();
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>()
            .Configure<StackExchange.Redis.IConnectionMultiplexer>((options, redis) =>
            {
                options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
                options.InstanceName = "certverify:cache:";
            });
        services.AddSingleton<VerificationCache>();
        services.AddSingleton<IssuedCodeFilter>();
        services.AddHostedService(sp => sp.GetRequiredService<IssuedCodeFilter>());
        services.AddSingleton<VerificationLog>();
        services.AddHostedService(sp => sp.GetRequiredService<VerificationLog>());
        services.AddScoped<Verifier>();
        return services;
    }

    public static IEndpointRouteBuilder MapVerifyApi(this IEndpointRouteBuilder app)
    {
        var verify = app.MapGroup("/api/verify")
            .WithTags("Verification")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.VerifyPolicy);

        verify.MapGet("/{code}", (string code, HttpContext context, Verifier verifier, CancellationToken ct) =>
            VerifyAsync(code, context, verifier, ct))
            // The busiest public path. The POST below stays authenticated: a signed-in browser's POST always needs its
            // CSRF token, which is only checked for an authenticated session.
            .WithoutCallerIdentity()
            .WithName("VerifyCode")
            .WithSummary("Verify a certificate code")
            .WithDescription("The verdict (`valid`, `expired`, `suspended`, `revoked`) with the certificate's title, recipient " +
                "name, issuer and dates, never an email; `not_found` (404) for a well-formed code nobody issued. The code is " +
                "read as typed or scanned: case, spaces and dashes do not matter. Not cacheable: a revocation shows at once.");
        verify.MapPost("/", (VerifyRequest request, HttpContext context, Verifier verifier, CancellationToken ct) =>
            VerifyAsync(request.Code, context, verifier, ct))
            .WithName("VerifyCodeInBody")
            .WithSummary("Verify a certificate code sent in the body")
            .WithDescription("As `GET /api/verify/{code}`, for a code that should not appear in URLs or logs.");

        return app;
    }

    public sealed record VerifyRequest([Required, StringLength(64)] string Code);

    private static async Task<Results<Ok<Verdict>, NotFound<Verdict>, ValidationProblem>> VerifyAsync(
        string? input, HttpContext context, Verifier verifier, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        return await verifier.VerifyAsync(input, context, ct) switch
        {
            null => Problems.Field("code", "Not a certificate code: expected CV- followed by 20 letters and digits."),
            { Certificate: null } unknown => TypedResults.NotFound(unknown),
            var verdict => TypedResults.Ok(verdict),
        };
    }
}
