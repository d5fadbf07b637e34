using System.Diagnostics.Metrics;
using System.Threading.Channels;
using CertVerify.Web.Data;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Verification;

/// <summary>
/// Records every verification off the request path: answers enqueue into a bounded in-memory channel, and a
/// background writer inserts them into PostgreSQL in batches. On a graceful stop the writer drains the queue before
/// the process exits. If the queue is full (PostgreSQL far behind) entries are dropped and counted, never blocking
/// an answer.
/// </summary>
public sealed class VerificationLog : BackgroundService, IHostedLifecycleService
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(500);

    private readonly Channel<VerificationRecord> _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<VerificationLog> _logger;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;

    public VerificationLog(IOptions<VerificationOptions> options, IServiceScopeFactory scopes, IMeterFactory meters, ILogger<VerificationLog> logger)
    {
        _queue = Channel.CreateBounded<VerificationRecord>(new BoundedChannelOptions(options.Value.LogQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        (_scopes, _logger) = (scopes, logger);
        var meter = meters.Create(Extensions.CertVerifyTelemetryName);
        _dropped = meter.CreateCounter<long>("certverify.verification_log.dropped", description: "Verification log entries dropped because the queue was full.");
        _written = meter.CreateCounter<long>("certverify.verification_log.written", description: "Verification log entries written.");
        meter.CreateObservableGauge("certverify.verification_log.queued", () => _queue.Reader.Count, description: "Entries waiting to be written.");
    }

    public void Enqueue(VerificationRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            _dropped.Add(1);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<VerificationRecord>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a batch gather: one insert of many rows instead of many inserts.
                await Task.Delay(BatchDelay, stoppingToken);
                await DrainAsync(batch, CancellationToken.None);
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
        await DrainAsync(new List<VerificationRecord>(BatchSize), cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task DrainAsync(List<VerificationRecord> batch, CancellationToken ct)
    {
        while (_queue.Reader.TryRead(out var record))
        {
            batch.Add(record);
            if (batch.Count == BatchSize)
            {
                await WriteAsync(batch, ct);
            }
        }

        await WriteAsync(batch, ct);
    }

    private async Task WriteAsync(List<VerificationRecord> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
            db.Verifications.AddRange(batch);
            await db.SaveChangesAsync(ct);
            _written.Add(batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _dropped.Add(batch.Count);
            _logger.LogError(ex, "Could not write {Count} verification log entries", batch.Count);
        }
        finally
        {
            batch.Clear();
        }
    }
}
