using System.Diagnostics;
using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StackExchange.Redis;

namespace CertVerify.Web.Health;

/// <summary>Round trips to PostgreSQL and Redis, timed, for <c>/api/health</c>.</summary>
public sealed class DependencyHealth(
    CertVerifyDbContext db,
    IConnectionMultiplexer redis,
    ILogger<DependencyHealth> logger)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>PostgreSQL and Redis, checked at the same time.</summary>
    public async Task<(DependencyCheck Database, DependencyCheck Redis)> CheckAsync(CancellationToken ct)
    {
        var database = CheckDatabaseAsync(ct);
        var redis = CheckRedisAsync(ct);
        return (await database, await redis);
    }

    public Task<DependencyCheck> CheckDatabaseAsync(CancellationToken ct) =>
        TimeAsync("database", SelectOneAsync, ct);

    public Task<DependencyCheck> CheckRedisAsync(CancellationToken ct) =>
        TimeAsync("redis", async _ => await redis.GetDatabase().PingAsync(), ct);

    /// <summary>This replica's connections as PostgreSQL sees them (named by Application Name).</summary>
    public async Task<(int Open, int Active)?> CountConnectionsAsync(string instanceId, CancellationToken ct)
    {
        try
        {
            var counts = await db.Database
                .SqlQuery<ConnectionCount>($"""
                    SELECT count(*)::int AS "Open", count(*) FILTER (WHERE state = 'active')::int AS "Active"
                    FROM pg_stat_activity WHERE application_name = {instanceId}
                    """)
                .SingleAsync(ct);
            return (counts.Open, counts.Active);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Could not count database connections");
            return null;
        }
    }

    /// <summary>
    /// A round trip on a connection of its own (from the same pool, which keeps the replica within its pool size), not
    /// the scope's: a check that gives up while PostgreSQL hangs leaves this connection to close itself when its
    /// opening ends, where the scope's connection could not be closed with the scope ("connection is in state
    /// Connecting").
    /// </summary>
    private async Task SelectOneAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }

    private async Task<DependencyCheck> TimeAsync(string name, Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await probe(timeout.Token).WaitAsync(timeout.Token);
            return new DependencyCheck(DependencyCheck.Healthy, Elapsed(started));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Health check of {Dependency} failed", name);
            return new DependencyCheck(DependencyCheck.Unhealthy, Elapsed(started), ex.GetType().Name);
        }
    }

    private static double Elapsed(long started) =>
        Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);

    private sealed record ConnectionCount(int Open, int Active);
}
