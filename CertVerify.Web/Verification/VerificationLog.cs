using System.Diagnostics.Metrics;
using System.Threading.Channels;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CertVerify.Web.Verification;

/// <summary>
/// Records every verification off the request path: answers enqueue into a bounded in-memory channel, and a
/// background writer inserts them into PostgreSQL in batches, those alike in a batch as one row with their count
/// (<see cref="VerificationRecord.Count"/>; unknown codes as counts per minute, <see cref="UnknownCodeCount"/>). While
/// PostgreSQL is unreachable the writer keeps its batch and tries again with growing pauses, so verifications answered
/// from the cache during an outage are written when it returns. On a graceful stop the writer drains the queue before
/// the process exits. If the queue is full (PostgreSQL far behind or away for long) entries are shed, never blocking an
/// answer: counted in a metric and reported in the log once per batch cycle, never silently.
/// </summary>
public sealed class VerificationLog : BackgroundService, IHostedLifecycleService
{
    public const string BatchesMetric = "certverify.verification_log.batches";
    // Entries read for one write, before alike ones are counted together: a pause's worth under heavy load.
    private const int BatchSize = 10_000;
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<VerificationRecord> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<VerificationLog> _logger;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private readonly Counter<long> _batches;
    private long _shedSinceReported;

    // Read from the queue but not written yet; only the single reader (the writer loop, then StoppedAsync) uses it.
    private readonly List<VerificationRecord> _batch = new(BatchSize);

    public VerificationLog(IOptions<VerificationOptions> options, IServiceScopeFactory scopes, IMeterFactory meters, ILogger<VerificationLog> logger)
    {
        _queue = Channel.CreateBounded<VerificationRecord>(new BoundedChannelOptions(options.Value.LogQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        (_scopes, _logger) = (scopes, logger);
        var meter = meters.Create(Extensions.CertVerifyTelemetryName);
        _dropped = meter.CreateCounter<long>("certverify.verification_log.dropped", description: "Verification log entries dropped: the queue was full, or they could not be written.");
        _written = meter.CreateCounter<long>("certverify.verification_log.written", description: "Verification log entries written.");
        _batches = meter.CreateCounter<long>(BatchesMetric, description: "Batches written, one transaction each (entries written / batches = entries per batch).");
        meter.CreateObservableGauge("certverify.verification_log.queued", () => _queue.Reader.Count + _batch.Count, description: "Entries waiting to be written.");
    }

    public void Enqueue(VerificationRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            _dropped.Add(1);
            Interlocked.Increment(ref _shedSinceReported);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = BatchDelay;
        try
        {
            while (_batch.Count > 0 || await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a batch gather: one insert of many rows instead of many inserts.
                await Task.Delay(delay, stoppingToken);
                ReportShed();
                delay = await DrainAsync(everything: false, CancellationToken.None) ? BatchDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Runs after every hosted service has stopped, the web server included, so the requests it let finish have
    /// all enqueued their entries: write whatever is left.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (!await DrainAsync(everything: true, cancellationToken))
        {
            var lost = _batch.Count + _queue.Reader.Count;
            _dropped.Add(lost);
            _logger.LogError("Stopping while PostgreSQL is unreachable: {Count} verification log entries are lost", lost);
        }
    }

    private void ReportShed()
    {
        if (Interlocked.Exchange(ref _shedSinceReported, 0) is var shed and > 0)
        {
            _logger.LogError("The verification log queue is full ({Queued} entries waiting): {Count} verifications were not recorded",
                _queue.Reader.Count, shed);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Writes the queue out in batches; false when PostgreSQL is unreachable (the current batch is kept). Between
    /// pauses it writes what has gathered and then only full batches: under steady load entries keep arriving while a
    /// batch is written, and writing those at once would turn the pause's one batch into a stream of small ones, each
    /// a transaction (measured before: about 80 a second at 6,600 verifications a second through three replicas).
    /// <paramref name="everything"/> empties the queue (on stop).
    /// </summary>
    private async Task<bool> DrainAsync(bool everything, CancellationToken ct)
    {
        do
        {
            while (_batch.Count < BatchSize && _queue.Reader.TryRead(out var record))
            {
                _batch.Add(record);
            }

            if (_batch.Count == 0)
            {
                return true;
            }

            if (!await WriteAsync(ct))
            {
                return false;
            }
        }
        while (everything || _queue.Reader.Count >= BatchSize);

        return true;
    }

    private async Task<bool> WriteAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
            await CopyAsync(db, _batch, ct);
            _written.Add(_batch.Count);
            _batches.Add(1);
        }
        catch (Exception ex) when (ex.IsDatabaseUnavailable())
        {
            _logger.LogWarning("PostgreSQL is unreachable: {Count} verification log entries wait to be written ({Error})", _batch.Count + _queue.Reader.Count, ex.GetBaseException().Message);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _dropped.Add(_batch.Count);
            _logger.LogError(ex, "Could not write {Count} verification log entries", _batch.Count);
        }

        _batch.Clear();
        return true;
    }

    /// <summary>
    /// One transaction per batch: a binary COPY of the verifications of issued codes, a row for those alike (COPY costs
    /// a fraction of the CPU that tracked inserts do, see docs/benchmarks.md), and one upsert of the counts of unknown
    /// codes (<see cref="UnknownCodeCount"/>). Nothing reads these rows back in the same unit of work.
    /// </summary>
    private static async Task CopyAsync(CertVerifyDbContext db, IReadOnlyList<VerificationRecord> records, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await CopyKnownAsync(connection, Tally(records.Where(r => r.CertificateId is not null)), ct);
            await AddUnknownAsync(connection, UnknownCodeCount.Tally(records.Where(r => r.CertificateId is null)), ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A row for the verifications of a certificate with the same verdict, client, user agent and replica, in the order
    /// of their first: a flood of one code, or a client checking its list again, costs PostgreSQL a row (and its three
    /// index entries) per batch instead of one per request.
    /// </summary>
    private static IEnumerable<VerificationRecord> Tally(IEnumerable<VerificationRecord> known) =>
        known.GroupBy(r => (r.CertificateId, r.Code, r.Result, r.ClientIp, r.UserAgent, r.InstanceId))
            .Select(alike => new VerificationRecord
            {
                CertificateId = alike.Key.CertificateId,
                Code = alike.Key.Code,
                Result = alike.Key.Result,
                At = alike.Min(r => r.At),
                ClientIp = alike.Key.ClientIp,
                UserAgent = alike.Key.UserAgent,
                InstanceId = alike.Key.InstanceId,
                Count = alike.Sum(r => r.Count),
            });

    private static async Task CopyKnownAsync(NpgsqlConnection connection, IEnumerable<VerificationRecord> records, CancellationToken ct)
    {
        await using var import = await connection.BeginBinaryImportAsync(
            """COPY verifications ("CertificateId", "Code", "Result", "At", "ClientIp", "UserAgent", "InstanceId", "Count") FROM STDIN (FORMAT BINARY)""", ct);
        foreach (var record in records)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(record.CertificateId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(record.Code, NpgsqlDbType.Varchar, ct);
            await import.WriteAsync(record.Result.WireName(), NpgsqlDbType.Varchar, ct);
            await import.WriteAsync(record.At, NpgsqlDbType.TimestampTz, ct);
            await import.WriteAsync(record.ClientIp, NpgsqlDbType.Varchar, ct);
            await import.WriteAsync(record.UserAgent, NpgsqlDbType.Varchar, ct);
            await import.WriteAsync(record.InstanceId, NpgsqlDbType.Varchar, ct);
            await import.WriteAsync(record.Count, NpgsqlDbType.Integer, ct);
        }

        await import.CompleteAsync(ct);
    }

    private static async Task AddUnknownAsync(NpgsqlConnection connection, IReadOnlyList<UnknownCodeCount> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return;
        }

        await using var upsert = new NpgsqlCommand("""
            INSERT INTO unknown_code_verifications ("Minute", "ClientIp", "InstanceId", "Count")
            SELECT * FROM unnest($1, $2, $3, $4)
            ON CONFLICT ("Minute", "ClientIp", "InstanceId") DO UPDATE SET "Count" = unknown_code_verifications."Count" + excluded."Count"
            """, connection)
        {
            Parameters =
            {
                new() { Value = counts.Select(c => c.Minute).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new() { Value = counts.Select(c => c.ClientIp).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new() { Value = counts.Select(c => c.InstanceId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new() { Value = counts.Select(c => c.Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            },
        };
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
