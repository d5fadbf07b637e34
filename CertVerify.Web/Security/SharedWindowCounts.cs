using System.Collections.Concurrent;
using CertVerify.Web.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Security;

/// <summary>
/// Per-client request counts for one-minute windows, shared by every replica through Redis without a Redis round trip
/// per request. A replica reserves permits in Redis (one atomic script: never more than the limit in all) and spends
/// them locally: the request that reserves takes one, and while the client has used less than
/// <see cref="RateLimitOptions.LocalShare"/> of its limit, a quarter of what is left of that share comes with it as a
/// local allowance. Past that share every request reserves its own permit, so the count is exact near the limit; a
/// client over its limit is refused locally until the window ends. <see cref="ReconcileAsync"/> runs every
/// <see cref="RateLimitOptions.SyncIntervalMilliseconds"/> and gives back what a replica holds for a client that did not
/// come back meanwhile, so a reserve held by one replica refuses a client early on another for at most that long.
/// </summary>
public sealed class SharedWindowCounts(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<SharedWindowCounts> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // KEYS[1] the window's count; ARGV: limit, local share, expiry (ms). Returns the permits granted (0: over the limit).
    private static readonly LuaScript Reserve = LuaScript.Prepare("""
        local used = tonumber(redis.call('GET', @key) or '0')
        local limit = tonumber(@limit)
        if used >= limit then return 0 end
        local allowance = math.floor((limit * tonumber(@share) - used - 1) / 4)
        if allowance < 0 then allowance = 0 end
        redis.call('INCRBY', @key, 1 + allowance)
        redis.call('PEXPIRE', @key, @expiry)
        return 1 + allowance
        """);

    // Gives unused permits back, unless the window's count has expired meanwhile.
    private static readonly LuaScript GiveBack = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 1 then redis.call('DECRBY', @key, @permits) end
        return 0
        """);

    private readonly ConcurrentDictionary<string, Allowance> _allowances = new();

    /// <summary>Whether this request may pass: from the local allowance when there is one, otherwise from Redis.</summary>
    public async ValueTask<Decision> AcquireAsync(string key, int limit, CancellationToken ct)
    {
        var window = CurrentWindow();
        var allowance = _allowances.GetOrAdd(key, _ => new Allowance());
        if (allowance.TryTake(window) is { } local)
        {
            return local ? Decision.Granted : Refused(window);
        }

        if (!redis.IsConnected)
        {
            return Decision.Granted; // availability first: the count cannot be kept without Redis
        }

        try
        {
            var granted = (long)await Reserve.EvaluateAsync(redis.GetDatabase(), new
            {
                key = (RedisKey)RedisKey(key, window),
                limit,
                share = options.Value.LocalShare,
                expiry = (long)(2 * Window).TotalMilliseconds,
            });
            allowance.Add(window, granted - 1);
            return granted > 0 ? Decision.Granted : Refused(window);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Rate limit not enforced: Redis is unreachable");
            return Decision.Granted;
        }
    }

    /// <summary>Gives back what this replica holds for clients that did not come back, and forgets past windows.</summary>
    public async Task ReconcileAsync()
    {
        var window = CurrentWindow();
        var database = redis.GetDatabase();
        var givingBack = new List<Task>();
        foreach (var (key, allowance) in _allowances)
        {
            var (idle, unused, past) = allowance.Settle(window);
            if (unused > 0 && redis.IsConnected)
            {
                givingBack.Add(GiveBack.EvaluateAsync(database, new { key = (RedisKey)RedisKey(key, window), permits = unused }));
            }

            // A request that took this entry just before it goes only loses its local allowance: refused early, never late.
            if (idle || past)
            {
                _allowances.TryRemove(new KeyValuePair<string, Allowance>(key, allowance));
            }
        }

        try
        {
            await Task.WhenAll(givingBack);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            // They expire with their window: a client may be refused early until then, never let through too often.
            logger.LogWarning(ex, "Could not give back unused rate-limit permits");
        }
    }

    private long CurrentWindow() => clock.GetUtcNow().ToUnixTimeMilliseconds() / (long)Window.TotalMilliseconds;

    private static string RedisKey(string key, long window) => $"certverify:ratelimit:v2:{key}:{window}";

    private Decision Refused(long window)
    {
        var end = DateTimeOffset.FromUnixTimeMilliseconds((window + 1) * (long)Window.TotalMilliseconds);
        return new Decision(false, end - clock.GetUtcNow());
    }

    /// <summary>The answer for one request; <see cref="RetryAfter"/> when refused.</summary>
    public sealed record Decision(bool IsGranted, TimeSpan? RetryAfter)
    {
        public static readonly Decision Granted = new(true, null);
    }

    /// <summary>What this replica holds for one client in the current window.</summary>
    private sealed class Allowance
    {
        private long _window;
        private long _left;
        private bool _overLimit;
        private bool _usedSinceSettled = true;

        /// <summary>True: granted locally; false: refused locally (over the limit); null: ask Redis.</summary>
        public bool? TryTake(long window)
        {
            lock (this)
            {
                _usedSinceSettled = true;
                if (window != _window)
                {
                    (_window, _left, _overLimit) = (window, 0, false);
                }

                if (_overLimit)
                {
                    return false;
                }

                if (_left > 0)
                {
                    _left--;
                    return true;
                }

                return null;
            }
        }

        public void Add(long window, long permits)
        {
            lock (this)
            {
                if (window != _window)
                {
                    return;
                }

                if (permits < 0)
                {
                    _overLimit = true;
                }
                else
                {
                    _left += permits;
                }
            }
        }

        /// <summary>Permits to give back when the client did not come back since the last call; whether to forget it.</summary>
        public (bool Idle, long Unused, bool Past) Settle(long window)
        {
            lock (this)
            {
                var idle = !_usedSinceSettled;
                _usedSinceSettled = false;
                if (window != _window)
                {
                    return (idle, 0, true);
                }

                var unused = idle ? _left : 0;
                _left -= unused;
                return (idle && !_overLimit, unused, false);
            }
        }
    }
}
