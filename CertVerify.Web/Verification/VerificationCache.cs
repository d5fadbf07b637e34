using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Verification;

/// <summary>
/// Verification answers cached in two levels (in process, then Redis) with HybridCache, which also makes
/// concurrent misses for one code on a replica share a single database query. A committed change to a certificate
/// or to the organisation profile reaches every replica through the <see cref="ChangeFeed"/>, which drops the entries
/// from memory and Redis. While changes may have gone unheard (Redis unreachable) the cache is bypassed (answers come
/// from PostgreSQL, degraded but correct), and when Redis returns every replica drops its in-memory entries.
/// </summary>
public sealed class VerificationCache
{
    public const string Tag = "verify";

    private readonly HybridCache _cache;
    private readonly IConnectionMultiplexer _redis;
    private readonly ChangeFeed _changes;
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<VerificationOptions> _options;
    private long _hitCount;
    private long _missCount;
    private long _invalidationCount;
    private long _generation; // moves before every invalidation this replica applies
    private const int MaxLoadAttempts = 5;

    public VerificationCache(HybridCache cache, IConnectionMultiplexer redis, ChangeFeed changes, IServiceScopeFactory scopes,
        IOptions<VerificationOptions> options, IMeterFactory meters)
    {
        (_cache, _redis, _changes, _scopes, _options) = (cache, redis, changes, scopes, options);
        changes.Subscribe(ChangeKinds.Changed<Certificate>(), RemoveLocallyAsync);
        // The issuer's name and URL are in every answer; the profile's first save adds its row.
        changes.Subscribe(ChangeKinds.Changed<OrganisationProfile>(), _ => RemoveAllLocallyAsync());
        changes.Subscribe(ChangeKinds.Added<OrganisationProfile>(), _ => RemoveAllLocallyAsync());
        changes.OnMissedChanges(RemoveAllLocallyAsync);
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

    private bool CacheUsable => _options.Value.CacheEnabled && !_changes.MayHaveMissedChanges;

    public async Task<CachedLookup> GetAsync(string code, CancellationToken ct)
    {
        if (!CacheUsable)
        {
            CountMiss();
            return await LoadAsync(code, ct);
        }

        var loaded = false;
        var found = new HybridCacheEntryOptions { Expiration = TimeSpan.FromSeconds(_options.Value.FoundTtlSeconds) };
        // HybridCache runs a miss on a thread-pool work item that does not carry the caller's execution context, so
        // the request's span is restored there: the database query then belongs to the verification's trace.
        var verification = Activity.Current;
        var lookup = await _cache.GetOrCreateAsync(Key(code), async token =>
        {
            loaded = true;
            Activity.Current ??= verification;
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

    private async Task RemoveLocallyAsync(IReadOnlyList<string> codes)
    {
        Interlocked.Increment(ref _generation);
        foreach (var code in codes)
        {
            await _cache.RemoveAsync(Key(code));
            Interlocked.Increment(ref _invalidationCount);
        }
    }

    private async Task RemoveAllLocallyAsync()
    {
        Interlocked.Increment(ref _generation);
        await _cache.RemoveByTagAsync(Tag);
        Interlocked.Increment(ref _invalidationCount);
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
            ? await _cache.GetOrCreateAsync(OrganisationKey, async token => await db.LoadOrganisationAsync(token),
                new HybridCacheEntryOptions { Expiration = TimeSpan.FromSeconds(_options.Value.FoundTtlSeconds) }, [Tag], ct)
            : await db.LoadOrganisationAsync(ct);
}
