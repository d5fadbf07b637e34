using System.Collections.Concurrent;
using CertVerify.Web.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Security;

/// <summary>
/// Per-client request counts for one-minute windows (each starting at the client's first request), shared by every
/// replica through Redis without a Redis round trip per request. A replica reserves permits in Redis (one atomic
/// script: never more than the limit in all) and spends them locally: the request that reserves takes one, and while
/// the client has used less than <see cref="RateLimitOptions.LocalShare"/> of its limit, a quarter of what is left of
/// that share comes with it. A replica has at most one reservation under way per client: requests that find its
/// allowance empty meanwhile wait for that one, so a burst does not reserve a quarter per request in flight and take
/// the whole share to one replica. Past that share every request reserves its own permit, so the count is exact near the
/// limit; a client over its limit is refused locally until its window ends. <see cref="ReconcileAsync"/> runs every
/// <see cref="RateLimitOptions.SyncIntervalMilliseconds"/> and gives back what a replica holds for a client that did not
/// come back meanwhile, so permits held by one replica refuse a client early on another for at most that long.
/// </summary>
public sealed class SharedWindowCounts(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<SharedWindowCounts> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // A hash per client: n (permits reserved), start (the window's id). Returns {permits granted (0: over the limit),
    // window id, milliseconds left in the window}.
    private static readonly LuaScript Reserve = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 0 then
          redis.call('HSET', @key, 'n', 0, 'start', @now)
          redis.call('PEXPIRE', @key, @window)
        end
        local used = tonumber(redis.call('HGET', @key, 'n'))
        local limit = tonumber(@limit)
        local granted = 0
        if used < limit then
          granted = 1 + math.max(0, math.floor((limit * tonumber(@share) - used - 1) / 4))
          redis.call('HINCRBY', @key, 'n', granted)
        end
        return {granted, redis.call('HGET', @key, 'start'), redis.call('PTTL', @key)}
        """);

    // Gives unused permits back to the window they were reserved in, not to a later one.
    private static readonly LuaScript GiveBack = LuaScript.Prepare("""
        if redis.call('HGET', @key, 'start') == @start then redis.call('HINCRBY', @key, 'n', -tonumber(@permits)) end
        return 0
        """);

    private readonly ConcurrentDictionary<string, Allowance> _allowances = new();

    /// <summary>Whether this request may pass: from what this replica holds when it can, otherwise from Redis.</summary>
    public async ValueTask<RateLimitDecision> AcquireAsync(string key, int limit)
    {
        var allowance = _allowances.GetOrAdd(key, _ => new Allowance());
        while (true)
        {
            var (local, underWay) = allowance.TryTake(Now());
            if (local is not null)
            {
                return local;
            }

            if (underWay is null)
            {
                return await ReserveAsync(allowance, key, limit);
            }

            await underWay; // then take from what it brought, or reserve next (it ends within Redis' own timeout)
        }
    }

    /// <summary>Reserves permits for this replica in Redis (this request takes one) and ends the reservation under way.</summary>
    private async Task<RateLimitDecision> ReserveAsync(Allowance allowance, string key, int limit)
    {
        try
        {
            if (!redis.IsConnected)
            {
                return RateLimitDecision.Granted; // availability first: the count cannot be kept without Redis
            }

            var reply = (RedisResult[])(await Reserve.EvaluateAsync(redis.GetDatabase(), new
            {
                key = (RedisKey)RedisKey(key),
                now = Now(),
                window = (long)Window.TotalMilliseconds,
                limit,
                share = options.Value.LocalShare,
            }))!;
            var (granted, start, left) = ((long)reply[0], (string)reply[1]!, (long)reply[2]);
            allowance.Add(start, Now() + left, granted);
            return granted > 0 ? RateLimitDecision.Granted : new RateLimitDecision(false, TimeSpan.FromMilliseconds(left));
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Rate limit not enforced: Redis is unreachable");
            return RateLimitDecision.Granted;
        }
        finally
        {
            allowance.EndReservation();
        }
    }

    /// <summary>Gives back what this replica holds for clients that did not come back, and forgets ended windows.</summary>
    public async Task ReconcileAsync()
    {
        var database = redis.GetDatabase();
        var givingBack = new List<Task>();
        foreach (var (key, allowance) in _allowances)
        {
            var (start, unused, ended) = allowance.Settle(Now());
            if (unused > 0 && redis.IsConnected)
            {
                givingBack.Add(GiveBack.EvaluateAsync(database, new { key = (RedisKey)RedisKey(key), start, permits = unused }));
            }

            // A request that took this entry just before it goes loses only what it reserves: refused early, never late.
            if (ended)
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
            // They expire with their window: the client may be refused early until then, never let through too often.
            logger.LogWarning(ex, "Could not give back unused rate-limit permits");
        }
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The Redis hash that counts one client's window under one policy (<c>n</c> reserved, <c>start</c>).</summary>
    public static string RedisKey(string key) => $"certverify:ratelimit:v2:{key}";

    /// <summary>What this replica holds for one client in its current window (times in Unix milliseconds).</summary>
    private sealed class Allowance
    {
        private string _start = "";
        private long _endsAt;
        private long _left;
        private bool _overLimit;
        private bool _usedSinceSettled = true;
        private TaskCompletionSource? _reservation; // the one under way, if any

        /// <summary>
        /// Granted or refused locally; otherwise no decision, with the reservation under way to wait for, or none: then
        /// the caller's reservation is under way from now on and the caller must make it.
        /// </summary>
        public (RateLimitDecision? Decision, Task? UnderWay) TryTake(long now)
        {
            lock (this)
            {
                _usedSinceSettled = true;
                if (now >= _endsAt)
                {
                    (_left, _overLimit) = (0, false);
                }

                if (_overLimit)
                {
                    return (new RateLimitDecision(false, TimeSpan.FromMilliseconds(_endsAt - now)), null);
                }

                if (_left > 0)
                {
                    _left--;
                    return (RateLimitDecision.Granted, null);
                }

                if (_reservation is { } underWay)
                {
                    return (null, underWay.Task);
                }

                _reservation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return (null, null);
            }
        }

        /// <summary>The reservation under way ended (with permits or without): whoever waited for it tries again.</summary>
        public void EndReservation()
        {
            TaskCompletionSource? ended;
            lock (this)
            {
                (ended, _reservation) = (_reservation, null);
            }

            ended?.SetResult();
        }

        /// <summary>Permits reserved in Redis for the window <paramref name="start"/>; one goes to the request at hand.</summary>
        public void Add(string start, long endsAt, long granted)
        {
            lock (this)
            {
                if (start != _start)
                {
                    (_start, _left, _overLimit) = (start, 0, false);
                }

                _endsAt = endsAt;
                if (granted == 0)
                {
                    _overLimit = true;
                }
                else
                {
                    _left += granted - 1;
                }
            }
        }

        /// <summary>
        /// When the client did not come back since the last call: the permits to give back, or whether its window has
        /// ended (nothing to keep).
        /// </summary>
        public (string Start, long Unused, bool Ended) Settle(long now)
        {
            lock (this)
            {
                var idle = !_usedSinceSettled;
                _usedSinceSettled = false;
                var unused = idle && now < _endsAt ? _left : 0;
                _left -= unused;
                return (_start, unused, idle && now >= _endsAt && _reservation is null);
            }
        }
    }
}
