using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Verification;

/// <summary>
/// Every issued code, in a <see cref="BloomFilter"/> per replica, so that a code nobody issued is answered without
/// PostgreSQL. It may say "maybe" for an unknown code (the normal lookup follows) but never "unknown" for an issued
/// one: it is built from PostgreSQL at start, and every new certificate is announced through the <see cref="ChangeFeed"/>
/// before its insert commits (and again after), so another replica holds its code before anybody can have it. Until it
/// is built, while Redis messages may have been missed, and while it is rebuilt after that, it answers "maybe".
/// Codes heard of lately are kept aside and added to a rebuilt filter, so a code committed after the rebuild's query
/// began is not lost.
/// </summary>
public sealed class IssuedCodeFilter : BackgroundService
{
    private const int MinimumCapacity = 100_000;
    private static readonly TimeSpan KeepHeardFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly ChangeFeed _changes;
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<VerificationOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<IssuedCodeFilter> _logger;
    private readonly ConcurrentQueue<(long At, string Code)> _heardLately = new();
    private readonly Channel<bool> _buildRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Counter<long> _answered;
    private volatile BloomFilter? _filter;

    public IssuedCodeFilter(ChangeFeed changes, IServiceScopeFactory scopes, IOptions<VerificationOptions> options, TimeProvider clock,
        IMeterFactory meters, ILogger<IssuedCodeFilter> logger)
    {
        (_changes, _scopes, _options, _clock, _logger) = (changes, scopes, options, clock, logger);
        changes.Subscribe(ChangeKinds.Adding<Certificate>(), AddAsync);
        changes.Subscribe(ChangeKinds.Added<Certificate>(), AddAsync);
        changes.OnMissedChanges(ForgetAndRebuildAsync);
        RequestBuild();
        _answered = meters.Create(Extensions.CertVerifyTelemetryName).CreateCounter<long>("certverify.code_filter.unknown",
            description: "Verifications of unknown codes answered by the issued-code filter, without PostgreSQL.");
    }

    /// <summary>True only for a code that was certainly never issued; false means "look it up".</summary>
    public bool IsCertainlyUnknown(string code)
    {
        if (!_options.Value.CodeFilterEnabled || _filter is not { } filter || _changes.MayHaveMissedChanges || filter.MayContain(code))
        {
            return false;
        }

        _answered.Add(1);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Value.CodeFilterEnabled)
        {
            return;
        }

        try
        {
            await foreach (var _ in _buildRequests.Reader.ReadAllAsync(stoppingToken))
            {
                await BuildAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Task AddAsync(IReadOnlyList<string> codes)
    {
        var now = _clock.GetTimestamp();
        foreach (var code in codes)
        {
            _heardLately.Enqueue((now, code));
            _filter?.Add(code);
        }

        while (_heardLately.TryPeek(out var oldest) && _clock.GetElapsedTime(oldest.At) > KeepHeardFor)
        {
            _heardLately.TryDequeue(out _);
        }

        if (_filter is { } filter && filter.Count > filter.Capacity)
        {
            RequestBuild();
        }

        return Task.CompletedTask;
    }

    private Task ForgetAndRebuildAsync()
    {
        _filter = null;
        RequestBuild();
        return Task.CompletedTask;
    }

    private void RequestBuild() => _buildRequests.Writer.TryWrite(true);

    /// <summary>Reads every code from PostgreSQL into a new filter (twice as large as needed), until it succeeds.</summary>
    private async Task BuildAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
                var filter = new BloomFilter(Math.Max(MinimumCapacity, 2 * await db.Certificates.CountAsync(ct)));
                await foreach (var code in db.Certificates.AsNoTracking().Select(c => c.Code).AsAsyncEnumerable().WithCancellation(ct))
                {
                    filter.Add(code);
                }

                // Before and after it takes over: a code heard of in between is in it either way.
                AddHeardLately(filter);
                _filter = filter;
                AddHeardLately(filter);
                _logger.LogInformation("Issued-code filter built: {Count} codes, sized for {Capacity}", filter.Count, filter.Capacity);
                return;
            }
            catch (Exception ex) when (ex.IsDatabaseUnavailable())
            {
                _logger.LogWarning("Issued-code filter not built, PostgreSQL is unreachable ({Error}): unknown codes are looked up meanwhile",
                    ex.GetBaseException().Message);
                await Task.Delay(RetryAfter, ct);
            }
        }
    }

    private void AddHeardLately(BloomFilter filter)
    {
        foreach (var (_, code) in _heardLately)
        {
            filter.Add(code);
        }
    }
}
