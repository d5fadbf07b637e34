using Microsoft.Extensions.Options;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// Runs on every replica: every <see cref="ExpiryMailOptions.IntervalSeconds"/> it writes the reminders and expiry
/// notices that are due (<see cref="ExpiryMailQueue"/>). Replicas need no coordination: PostgreSQL keeps each message
/// to one per certificate. A pass that fails (the database away) is simply the next one's work.
/// </summary>
public sealed class ExpiryMailScheduler(IServiceScopeFactory scopes, IOptions<ExpiryMailOptions> options, TimeProvider clock,
    ILogger<ExpiryMailScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var (reminders, notices) = await scope.ServiceProvider.GetRequiredService<ExpiryMailQueue>().QueueDueAsync(stoppingToken);
                if (reminders + notices > 0)
                {
                    logger.LogInformation("Queued {Reminders} expiry reminder(s) and {Notices} expiry notice(s)", reminders, notices);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Expiry mail pass failed; the next one retries: {Error}", ex.GetBaseException().Message);
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
