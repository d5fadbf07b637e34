using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>
/// State that every replica must share and may lose lives in Redis: sessions, caches, rate limits, the change feed, all
/// through one multiplexer. (The Data Protection key ring, which must not be lost, is in PostgreSQL: Data/KeyRingExtensions.)
/// Everything built on Redis degrades without it (RedisOutageTests): a Redis command fails at once while Redis is
/// unreachable, what cannot work without it answers 503, and the replica reports itself degraded, not unready.
/// </summary>
public static class SharedStateExtensions
{
    public const string RedisConnectionName = "redis";

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
            timeout: CachedHealthCheckService.CheckTimeout);

        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChangeFeed>());

        return builder;
    }
}
