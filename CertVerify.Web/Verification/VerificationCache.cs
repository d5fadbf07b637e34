using System.Diagnostics.Metrics;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Verification;

/// <summary>
/// What a verification needs to know about a certificate; expiry is judged when answering, not here. The description
/// is only there when the recipient made the certificate public (the public verification page shows it).
/// </summary>
public sealed record CertificateSnapshot(
    Guid Id, string Code, string Title, string RecipientName, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt,
    CertificateStatus Status, DateTimeOffset? StatusChangedAt, string? StatusReason, string IssuerName, string? IssuerUrl,
    bool IsPublic, string? Description);

public sealed record CacheStatistics(bool Enabled, bool RedisConnected, long Hits, long Misses, long Invalidations);

/// <summary>A cached lookup: the certificate, or null for a code that does not exist.</summary>
public sealed record CachedLookup(CertificateSnapshot? Certificate);

/// <summary>
/// Verification answers cached in two levels (in process, then Redis) with HybridCache, which also makes
/// concurrent misses for one code on a replica share a single database query. Changes anywhere remove the entry
/// from Redis and, through a Redis pub/sub message, from every replica's memory. While Redis is unreachable the
/// cache is bypassed (answers come from PostgreSQL, degraded but correct), and when it returns every replica drops
/// its in-memory entries, since invalidations may have been missed meanwhile.
/// </summary>
public sealed class VerificationCache : IHostedService
{
    public const string Tag = "verify";
    private static readonly RedisChannel Channel = RedisChannel.Literal("certverify:cache:invalidate:v1");
    private const string AllEntries = "*";

    private readonly HybridCache _cache;
    private readonly IConnectionMultiplexer _redis;
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<VerificationOptions> _options;
    private readonly ILogger<VerificationCache> _logger;
    private long _hitCount;
    private long _missCount;
    private long _invalidationCount;
    private long _generation; // moves before every invalidation this replica applies
    private const int MaxLoadAttempts = 5;

    // From the moment a Redis connection fails until the in-memory entries have been dropped after it returns:
    // invalidations sent meanwhile were lost, and IsConnected turns true before the ConnectionRestored handler runs.
    private volatile bool _mayBeStale;

    public VerificationCache(HybridCache cache, IConnectionMultiplexer redis, IServiceScopeFactory scopes,
        IOptions<VerificationOptions> options, IMeterFactory meters, ILogger<VerificationCache> logger)
    {
        (_cache, _redis, _scopes, _options, _logger) = (cache, redis, scopes, options, logger);
        var meter = meters.Create(Extensions.CertVerifyTelemetryName);
        // One count per event, read both by the metrics and by GET /api/instances/self.
        meter.CreateObservableCounter("certverify.cache.hits", () => Interlocked.Read(ref _hitCount), description: "Verification answers served from the cache.");
        meter.CreateObservableCounter("certverify.cache.misses", () => Interlocked.Read(ref _missCount), description: "Verification answers read from PostgreSQL.");
        meter.CreateObservableCounter("certverify.cache.invalidations", () => Interlocked.Read(ref _invalidationCount), description: "Invalidation messages applied.");
    }

    // Versioned: a change of the cached shape only needs a new version, never a flush.
    private static string Key(string code) => $"certverify:v2:verify:{code}";

    private const string OrganisationKey = "certverify:v1:organisation";

    /// <summary>This replica's counts since it started, for operators.</summary>
    public CacheStatistics Statistics => new(
        _options.Value.CacheEnabled, _redis.IsConnected,
        Interlocked.Read(ref _hitCount), Interlocked.Read(ref _missCount), Interlocked.Read(ref _invalidationCount));

    private void CountMiss() => Interlocked.Increment(ref _missCount);

    private bool CacheUsable => _options.Value.CacheEnabled && _redis.IsConnected && !_mayBeStale;

    public async Task<CachedLookup> GetAsync(string code, CancellationToken ct)
    {
        if (!CacheUsable)
        {
            CountMiss();
            return await LoadAsync(code, ct);
        }

        var loaded = false;
        var found = new HybridCacheEntryOptions { Expiration = TimeSpan.FromSeconds(_options.Value.FoundTtlSeconds) };
        var lookup = await _cache.GetOrCreateAsync(Key(code), async token =>
        {
            loaded = true;
            return await LoadLatestAsync(code, token);
        }, found, [Tag], ct);

        if (!loaded)
        {
            Interlocked.Increment(ref _hitCount);
        }
        else
        {
            CountMiss();
            if (lookup.Certificate is null)
            {
                var notFound = new HybridCacheEntryOptions { Expiration = TimeSpan.FromSeconds(_options.Value.NotFoundTtlSeconds) };
                await _cache.SetAsync(Key(code), lookup, notFound, [Tag], ct);
            }
        }

        return lookup;
    }

    /// <summary>
    /// Called after a change to the certificate is committed: removes it from Redis and every replica's memory.
    /// A second message shortly after covers a lookup that read the old row just before the commit and stored it.
    /// </summary>
    public async Task InvalidateAsync(IEnumerable<string> codes)
    {
        var keys = codes.Select(Key).ToList();
        await RemoveLocallyAsync(keys);
        await PublishAsync(keys);
        _ = Task.Delay(TimeSpan.FromMilliseconds(500)).ContinueWith(_ => PublishAsync(keys), TaskScheduler.Default);
    }

    /// <summary>Every entry (e.g. the issuer's name changed).</summary>
    public async Task InvalidateAllAsync()
    {
        await RemoveLocallyAsync([AllEntries]);
        await PublishAsync([AllEntries]);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = _redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel, (channel, message) => { _ = RemoveLocallyAsync(message.ToString().Split('\n')); });
        _redis.ConnectionRestored += async (_, _) =>
        {
            _logger.LogInformation("Redis is back: dropping in-memory verification answers that may have missed invalidations");
            await RemoveLocallyAsync([AllEntries]);
            _mayBeStale = false;
        };
        _redis.ConnectionFailed += (_, e) =>
        {
            _mayBeStale = true;
            _logger.LogWarning("Redis unreachable ({Failure}): verifying from PostgreSQL without cache", e.FailureType);
        };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PublishAsync(IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, string.Join('\n', keys));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Replicas drop all in-memory entries when Redis returns, so a lost message cannot leave them stale.
            _logger.LogWarning(ex, "Could not publish a cache invalidation");
        }
    }

    private async Task RemoveLocallyAsync(IReadOnlyCollection<string> keys)
    {
        Interlocked.Increment(ref _generation);
        try
        {
            foreach (var key in keys.Where(k => k.Length > 0))
            {
                await (key == AllEntries ? _cache.RemoveByTagAsync(Tag) : _cache.RemoveAsync(key));
                Interlocked.Increment(ref _invalidationCount);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not apply a cache invalidation");
        }
    }

    /// <summary>
    /// A load that an invalidation overtook may have read the row as it was before the change, and would then be
    /// stored after the invalidation removed the entry: such a load is read again, so the cache never keeps an answer
    /// older than the last invalidation this replica applied.
    /// </summary>
    private async Task<CachedLookup> LoadLatestAsync(string code, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var generation = Interlocked.Read(ref _generation);
            var lookup = await LoadAsync(code, ct);
            if (generation == Interlocked.Read(ref _generation) || attempt == MaxLoadAttempts)
            {
                return lookup;
            }
        }
    }

    /// <summary>
    /// A lookup, through both cache levels, of a code that cannot exist (its "not found" is cached and counted as a miss
    /// like any other): the code behind every verification is compiled before the first visitor comes.
    /// </summary>
    public Task WarmUpAsync(CancellationToken ct) => GetAsync(code: "", ct);

    private async Task<CachedLookup> LoadAsync(string code, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
        var certificate = await db.Certificates.AsNoTracking()
            .Where(c => c.Code == code)
            .Select(c => new
            {
                c.Id, c.Code, c.Title, c.RecipientName, c.IssuedAt, c.ExpiresAt, c.Status, c.StatusChangedAt, c.StatusReason,
                c.IsPublic, Description = c.IsPublic ? c.Description : null,
            })
            .SingleOrDefaultAsync(ct);
        if (certificate is null)
        {
            return new CachedLookup(null);
        }

        var issuer = await IssuerAsync(db, ct);
        return new CachedLookup(new CertificateSnapshot(certificate.Id, certificate.Code, certificate.Title, certificate.RecipientName,
            certificate.IssuedAt, certificate.ExpiresAt, certificate.Status, certificate.StatusChangedAt, certificate.StatusReason,
            issuer.Name, issuer.Url, certificate.IsPublic, certificate.Description));
    }

    /// <summary>The issuer profile, cached like the answers (tagged, so a profile change drops it with them).</summary>
    private async Task<OrganisationProfile> IssuerAsync(CertVerifyDbContext db, CancellationToken ct) =>
        CacheUsable
            ? await _cache.GetOrCreateAsync(OrganisationKey, async token => await OrganisationApi.LoadAsync(db, token),
                new HybridCacheEntryOptions { Expiration = TimeSpan.FromSeconds(_options.Value.FoundTtlSeconds) }, [Tag], ct)
            : await OrganisationApi.LoadAsync(db, ct);
}
