using System.Diagnostics.Metrics;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CertVerify.Documents;
using CertVerify.Web.Certificates;
using CertVerify.Web.Credentials;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using CertVerify.Web.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Documents;

/// <summary>
/// Certificate documents, rendered once and then served from the app's HybridCache (in memory, then Redis), which also
/// makes concurrent requests for one document on a replica share one render. The cache key carries a version made of
/// what the document shows (the certificate's, its template's and the organisation's <c>UpdatedAt</c>, whether it has
/// expired, the public base URL), so a change makes a new document without any invalidation; old ones expire. Renders
/// run on the thread pool, at most <see cref="DocumentOptions.ConcurrentRenders"/> at once per replica, so a burst of
/// them cannot take every thread from other requests; one that waits too long for its turn is refused.
/// </summary>
public sealed class CertificateDocuments
{
    /// <summary>Part of every cache key: bump it when the rendering changes, so documents cached before are not served.</summary>
    private const string RendererVersion = "2";

    /// <summary>Preview pixels per point: 842 x 595 for landscape A4, enough on screen and a quarter of a document's pixels.</summary>
    private const float PreviewScale = 1;

    private readonly HybridCache _cache;
    private readonly IConnectionMultiplexer _redis;
    private readonly IServiceScopeFactory _scopes;
    private readonly CertificateRenderer _renderer;
    private readonly CertificateCredentials _credentials;
    private readonly DocumentOptions _options;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _previewSlots;
    private readonly Histogram<double> _renderDuration;
    private long _rendered;
    private long _servedFromCache;
    private long _rejected;
    private long _renderTicks;

    public CertificateDocuments(HybridCache cache, IConnectionMultiplexer redis, IServiceScopeFactory scopes, CertificateRenderer renderer,
        CertificateCredentials credentials, IOptions<DocumentOptions> options, TimeProvider clock, IMeterFactory meters)
    {
        (_cache, _redis, _scopes, _renderer, _credentials, _options, _clock) = (cache, redis, scopes, renderer, credentials, options.Value, clock);
        _slots = new SemaphoreSlim(_options.ConcurrentRenders, _options.ConcurrentRenders);
        var previews = Math.Max(1, _options.ConcurrentRenders / 2);
        _previewSlots = new SemaphoreSlim(previews, previews);
        var meter = meters.Create(Extensions.CertVerifyTelemetryName);
        meter.CreateObservableCounter("certverify.documents.rendered", () => Interlocked.Read(ref _rendered), description: "Certificate documents rendered.");
        meter.CreateObservableCounter("certverify.documents.cache_hits", () => Interlocked.Read(ref _servedFromCache), description: "Certificate documents served from the cache.");
        meter.CreateObservableCounter("certverify.documents.rejected", () => Interlocked.Read(ref _rejected), description: "Document and preview requests refused because renders queued too long.");
        _renderDuration = meter.CreateHistogram<double>("certverify.documents.render.duration", "s", "Time to render one certificate document.");
    }

    /// <summary>This replica's counts since it started, for operators and tests.</summary>
    public DocumentStatistics Statistics => new(
        Interlocked.Read(ref _rendered), TimeSpan.FromTicks(Interlocked.Read(ref _renderTicks)).TotalMilliseconds,
        Interlocked.Read(ref _servedFromCache), Interlocked.Read(ref _rejected), _options.ConcurrentRenders);

    /// <summary>The document's bytes; null when there is no such certificate. Throws <see cref="DocumentsBusyException"/>.</summary>
    public async Task<byte[]?> GetAsync(CertVerifyDbContext db, string code, DocumentFormat format, string baseUrl, CancellationToken ct)
    {
        var version = await db.Certificates.AsNoTracking()
            .Where(c => c.Code == code)
            .Select(c => new
            {
                c.UpdatedAt,
                c.ExpiresAt,
                Template = db.Set<Template>().Where(t => t.Id == c.TemplateId).Select(t => (DateTimeOffset?)t.UpdatedAt).FirstOrDefault(),
                Organisation = db.Set<OrganisationProfile>().Where(o => o.Id == OrganisationProfile.SingletonId).Select(o => (DateTimeOffset?)o.UpdatedAt).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return null;
        }

        if (!_redis.IsConnected)
        {
            // Degraded, like verification: no cache while Redis is away, renders still bounded.
            return await RenderAsync(code, format, baseUrl, ct);
        }

        var expired = version.ExpiresAt <= _clock.GetUtcNow();
        var key = Key(code, format, string.Join('|', version.UpdatedAt.UtcTicks, version.Template?.UtcTicks, version.Organisation?.UtcTicks, expired, baseUrl));
        var rendered = false;
        var entry = new HybridCacheEntryOptions
        {
            Expiration = TimeSpan.FromSeconds(_options.CacheTtlSeconds),
            LocalCacheExpiration = TimeSpan.FromSeconds(Math.Min(_options.CacheTtlSeconds, 300)),
        };
        var bytes = await _cache.GetOrCreateAsync(key, async token =>
        {
            rendered = true;
            return await RenderAsync(code, format, baseUrl, token);
        }, entry, cancellationToken: ct);
        if (!rendered)
        {
            Interlocked.Increment(ref _servedFromCache);
        }

        return bytes;
    }

    private static string Key(string code, DocumentFormat format, string version)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{RendererVersion}|{version}")))[..24];
        return $"certverify:v1:document:{format.ToString().ToLowerInvariant()}:{code}:{hash}";
    }

    private async Task<byte[]?> RenderAsync(string code, DocumentFormat format, string baseUrl, CancellationToken ct)
    {
        var content = await LoadAsync(code, format, baseUrl, ct);
        if (content is null)
        {
            return null;
        }

        var (document, layout) = content.Value;
        var (bytes, elapsed) = await RenderInSlotAsync(() => format == DocumentFormat.Pdf
            ? _renderer.RenderPdf(document, layout)
            : _renderer.RenderPng(document, layout, (float)_options.PngScale), format.ToString().ToLowerInvariant(), ct);
        Interlocked.Add(ref _renderTicks, elapsed.Ticks);
        Interlocked.Increment(ref _rendered);
        return bytes;
    }

    /// <summary>
    /// A template editor's sample page as a PNG, one pixel per point, never cached. Previews take their turn like
    /// documents, but at most half the render slots (at least one) wait for or hold one at a time, so editors typing
    /// away cannot starve the documents people download. Throws <see cref="DocumentsBusyException"/>.
    /// </summary>
    public async Task<byte[]> RenderPreviewAsync(DocumentContent content, DocumentLayout layout, CancellationToken ct)
    {
        await WaitForTurnAsync(_previewSlots, ct);
        try
        {
            return (await RenderInSlotAsync(() => _renderer.RenderPng(content, layout, PreviewScale), "preview", ct)).Bytes;
        }
        finally
        {
            _previewSlots.Release();
        }
    }

    /// <summary>Runs a render on the thread pool once one of the replica's render slots is free; refused when none comes free in time.</summary>
    private async Task<(byte[] Bytes, TimeSpan Elapsed)> RenderInSlotAsync(Func<byte[]> render, string kind, CancellationToken ct)
    {
        await WaitForTurnAsync(_slots, ct);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var bytes = await Task.Run(render, ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            _renderDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("format", kind));
            return (bytes, elapsed);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task WaitForTurnAsync(SemaphoreSlim slots, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(_options.QueueTimeoutSeconds);
        if (!await slots.WaitAsync(timeout, ct))
        {
            Interlocked.Increment(ref _rejected);
            throw new DocumentsBusyException(timeout);
        }
    }

    private async Task<(DocumentContent, DocumentLayout)?> LoadAsync(string code, DocumentFormat format, string baseUrl, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct);
        if (certificate is null)
        {
            return null;
        }

        var design = certificate.TemplateId is { } templateId
            ? await db.Templates.AsNoTracking().Where(t => t.Id == templateId).Select(t => t.Design).SingleOrDefaultAsync(ct)
            : null;
        var issuer = await db.LoadOrganisationAsync(ct);
        var formatted = CertificateCode.Format(certificate.Code);
        var credential = format == DocumentFormat.Pdf ? await _credentials.SignAsync(certificate, issuer, baseUrl, ct) : null;
        var content = new DocumentContent(
            issuer.Name, certificate.Title, certificate.RecipientName, certificate.Description, certificate.IssuedAt, certificate.ExpiresAt,
            formatted, PublicUrls.Verification(baseUrl, formatted), Mark(certificate), credential, $"{formatted}.jwt");
        return (content, DocumentLayout.FromDesign(design));
    }

    /// <summary>A document must not look valid when it is not: revoked, suspended and expired ones say so across the page.</summary>
    private DocumentMark? Mark(Certificate certificate)
    {
        var changed = certificate.StatusChangedAt is { } at ? " on " + at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "";
        return certificate.Status switch
        {
            CertificateStatus.Revoked => new DocumentMark("REVOKED", $"REVOKED{changed}: this certificate is no longer valid."),
            CertificateStatus.Suspended => new DocumentMark("SUSPENDED", $"SUSPENDED{changed}: this certificate is not valid while suspended."),
            _ when certificate.ExpiresAt <= _clock.GetUtcNow() => new DocumentMark("EXPIRED", "EXPIRED: this certificate is past its expiry date."),
            _ => null,
        };
    }
}
