using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>
/// State that every replica must share lives in Redis: the Data Protection key ring (so a cookie or antiforgery
/// token made by one replica is valid on all) and, through the same multiplexer, everything built on it later.
/// Everything built on Redis degrades without it (RedisOutageTests): a Redis command fails at once while Redis is
/// unreachable, what cannot work without it answers 503, and the replica reports itself degraded, not unready.
/// </summary>
public static class SharedStateExtensions
{
    public const string RedisConnectionName = "redis";
    public const string ApplicationName = "CertVerify";
    public const string DataProtectionKeysKey = "certverify:data-protection:keys";

    public static WebApplicationBuilder AddSharedState(this WebApplicationBuilder builder)
    {
        // One multiplexer per replica, registered as a singleton by the Aspire integration; it reconnects by itself.
        // Fail fast: by default a command issued while Redis is unreachable waits in a backlog until it times out
        // (5 s), and sign-ins, session reads and certificate changes waited for several of them during an outage
        // (17 s for a refused sign-in, 11 s for a revocation).
        builder.AddRedisClient(RedisConnectionName,
            settings => settings.DisableHealthChecks = true,
            options => options.BacklogPolicy = BacklogPolicy.FailFast);

        // Instead of the integration's check (Unhealthy): /health stays 200 "Degraded" without Redis, so no probe
        // takes every replica out of rotation while they still answer verifications from PostgreSQL.
        builder.Services.AddHealthChecks().AddRedis(
            services => services.GetRequiredService<IConnectionMultiplexer>(),
            name: RedisConnectionName,
            failureStatus: HealthStatus.Degraded,
            timeout: TimeSpan.FromSeconds(3));

        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChangeFeed>());

        // The multiplexer is resolved when the key ring is first read, not when the options are: mapping the pages reads
        // these options, and the build maps them without Redis to write the OpenAPI document.
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, services) => options.XmlRepository = new RedisXmlRepository(
                () => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), DataProtectionKeysKey));

        return builder;
    }
}
