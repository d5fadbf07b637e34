using System.Collections.Concurrent;
using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>
/// Tells every replica what changed (a kind of row and the keys of the rows) through one Redis pub/sub channel, so
/// each can drop what it keeps in memory. The replica that made the change applies it at once, before its answer
/// goes out; the others within milliseconds. A message can be lost while Redis is unreachable, so from a failure
/// until every replica has dropped everything after Redis returns, <see cref="MayHaveMissedChanges"/> is true.
/// </summary>
public sealed class ChangeFeed(IConnectionMultiplexer redis, ILogger<ChangeFeed> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("certverify:changes:v1");

    /// <summary>
    /// A replica may have read a row just before the change was committed and keep it after the first message: a
    /// second message this much later covers that.
    /// </summary>
    private static readonly TimeSpan RepeatAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CatchUpRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, List<Func<IReadOnlyList<string>, Task>>> _handlers = new();
    private readonly List<Func<Task>> _onMissedChanges = [];
    private volatile bool _mayHaveMissedChanges;

    public bool MayHaveMissedChanges => _mayHaveMissedChanges || !redis.IsConnected;

    /// <summary>Calls the handler with the keys of changed rows of this kind, on every replica.</summary>
    public void Subscribe(string kind, Func<IReadOnlyList<string>, Task> handler) =>
        _handlers.GetOrAdd(kind, _ => []).Add(handler);

    /// <summary>Calls the handler when Redis returns after a failure: changes made meanwhile were not heard.</summary>
    public void OnMissedChanges(Func<Task> handler) => _onMissedChanges.Add(handler);

    /// <summary>Applies the change on this replica, then tells the others (twice: see <see cref="RepeatAfter"/>).</summary>
    public async Task PublishAsync(string kind, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        await ApplyAsync(kind, keys);
        var message = string.Join('\n', [kind, .. keys]);
        await SendAsync(message);
        _ = Task.Delay(RepeatAfter).ContinueWith(_ => SendAsync(message), TaskScheduler.Default);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await redis.GetSubscriber().SubscribeAsync(Channel, (channel, message) =>
        {
            var parts = message.ToString().Split('\n');
            _ = ApplyAsync(parts[0], parts[1..]);
        });
        redis.ConnectionFailed += (_, e) =>
        {
            _mayHaveMissedChanges = true;
            logger.LogWarning("Redis unreachable ({Failure}): changes on other replicas may go unheard", e.FailureType);
        };
        // Not an async lambda: an exception escaping an async void event handler would end the process.
        redis.ConnectionRestored += (_, _) => _ = CatchUpAsync();
    }

    /// <summary>
    /// Runs every missed-changes handler once Redis is back, each retried until it succeeds (Redis may fail again
    /// while it reconnects): until then the replica keeps saying it may have missed changes and trusts nothing it kept.
    /// </summary>
    private async Task CatchUpAsync()
    {
        logger.LogInformation("Redis is back: dropping what may have missed a change meanwhile");
        foreach (var handler in _onMissedChanges)
        {
            while (true)
            {
                try
                {
                    await handler();
                    break;
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Could not drop what may have missed a change; trying again in {Delay}", CatchUpRetryAfter);
                    await Task.Delay(CatchUpRetryAfter);
                }
            }
        }

        _mayHaveMissedChanges = false;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ApplyAsync(string kind, IReadOnlyList<string> keys)
    {
        foreach (var handler in _handlers.GetValueOrDefault(kind) ?? [])
        {
            try
            {
                await handler(keys);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not apply a change of {Kind}", kind);
            }
        }
    }

    private async Task SendAsync(string message)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, message);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            // Every replica drops what it keeps when Redis returns, so a lost message cannot leave one stale.
            logger.LogWarning(ex, "Could not publish a change");
        }
    }
}
