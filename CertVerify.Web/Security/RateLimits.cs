using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CertVerify.Web.Accounts;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace CertVerify.Web.Security;

public static class RateLimits
{
    public const string VerifyPolicy = "verify";
    public const string LoginPolicy = "login";
    public const string RegisterPolicy = "register";
    public const string UserPolicy = "user";

    public static IServiceCollection AddCertVerifyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddSingleton<SharedWindowCounts>();
        services.AddHostedService<RateLimitReconciliation>();

        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(VerifyPolicy, http => PerMinute(http, $"{VerifyPolicy}:{ClientIp(http)}", limits.VerifyPerMinute));
            options.AddPolicy(LoginPolicy, http => PerMinute(http, $"{LoginPolicy}:{ClientIp(http)}", limits.LoginPerMinute));
            options.AddPolicy(RegisterPolicy, http => PerMinute(http, $"{RegisterPolicy}:{ClientIp(http)}", limits.RegisterPerMinute));
            options.AddPolicy(UserPolicy, http => PerMinute(http, $"{UserPolicy}:{Caller(http)}", limits.UserPerMinute));
        });
    }

    /// <summary>
    /// A fixed one-minute window counted across the replicas (<see cref="SharedWindowCounts"/>). The partition key
    /// carries the policy name. While Redis is unreachable requests pass unlimited rather than fail: availability first.
    /// </summary>
    private static RateLimitPartition<string> PerMinute(HttpContext http, string key, int permitLimit) =>
        RateLimitPartition.Get(key, partition => new SharedWindowRateLimiter(http.RequestServices.GetRequiredService<SharedWindowCounts>(),
            partition, permitLimit, http.RequestServices.GetRequiredService<TimeProvider>()));

    private static string ClientIp(HttpContext http) =>
        http.ClientIp() ?? IPAddress.None.ToString();

    /// <summary>The API key when one was used (each key its own budget), otherwise the user.</summary>
    private static string Caller(HttpContext http) =>
        http.User.FindFirstValue(CertVerifyClaims.ApiKeyId) is { } key ? $"key:{key}"
        : http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? $"user:{user}"
        : $"ip:{ClientIp(http)}";

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : SharedWindowCounts.Window;
        await Problems.TooManyRequests(rejected.HttpContext, retryAfter, "Rate limit exceeded. Try again later.")
            .ExecuteAsync(rejected.HttpContext);
    }
}
