using Microsoft.Extensions.Options;

namespace CertVerify.Web.Security;

/// <summary>Reconciles this replica's rate-limit allowances with Redis every <see cref="RateLimitOptions.SyncIntervalMilliseconds"/>.</summary>
internal sealed class RateLimitReconciliation(SharedWindowCounts counts, IOptions<RateLimitOptions> options, ILogger<RateLimitReconciliation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.SyncIntervalMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await counts.ReconcileAsync();
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Could not reconcile rate-limit allowances");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
