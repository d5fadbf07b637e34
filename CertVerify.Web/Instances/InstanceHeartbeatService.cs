using Microsoft.Extensions.Options;

namespace CertVerify.Web.Instances;

/// <summary>Keeps this replica's registry entry alive whether or not anyone calls it; removes it on a graceful stop.</summary>
public sealed class InstanceHeartbeatService(
    InstanceRegistry registry,
    IOptions<InstanceRegistryOptions> options,
    TimeProvider clock,
    ILogger<InstanceHeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatIntervalSeconds), clock);
        do
        {
            try
            {
                await registry.BeatAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis being away must not stop the replica; the next beat tries again.
                logger.LogWarning(ex, "Instance heartbeat failed");
            }
        }
        while (await WaitForNextBeatAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await registry.LeaveAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not remove this instance from the registry; its entry expires by itself");
        }
    }

    private static async Task<bool> WaitForNextBeatAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
