using CertVerify.Web.Users;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Auth;

/// <summary>
/// Locks an account after repeated failed sign-ins, counted in Redis so attempts through any replica add up.
/// Counted per email whether or not an account has it, so the answer never tells which emails exist.
/// If Redis is unreachable the lockout is not enforced (logged); the per-IP rate limit still applies.
/// </summary>
public sealed class LoginThrottle(IConnectionMultiplexer redis, IOptions<LockoutOptions> options, ILogger<LoginThrottle> logger)
{
    private static RedisKey FailuresKey(string email) => $"certverify:login-failures:{User.Normalize(email)}";

    private static RedisKey LockKey(string email) => $"certverify:login-lock:{User.Normalize(email)}";

    /// <summary>How long the account stays locked, or null when it may try.</summary>
    public async Task<TimeSpan?> LockedForAsync(string email)
    {
        try
        {
            return await redis.GetDatabase().KeyTimeToLiveAsync(LockKey(email));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Sign-in lockout unavailable: Redis is unreachable");
            return null;
        }
    }

    /// <summary>Counts a failure; returns true when this one locks the account.</summary>
    public async Task<bool> RecordFailureAsync(string email)
    {
        var settings = options.Value;
        try
        {
            var db = redis.GetDatabase();
            var failures = await db.StringIncrementAsync(FailuresKey(email));
            if (failures == 1)
            {
                await db.KeyExpireAsync(FailuresKey(email), TimeSpan.FromMinutes(settings.WindowMinutes));
            }

            if (failures < settings.MaxFailedAttempts)
            {
                return false;
            }

            await db.StringSetAsync(LockKey(email), 1, TimeSpan.FromMinutes(settings.LockMinutes));
            await db.KeyDeleteAsync(FailuresKey(email));
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not count a failed sign-in: Redis is unreachable");
            return false;
        }
    }

    public async Task ResetAsync(string email)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(FailuresKey(email));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not reset failed sign-ins: Redis is unreachable");
        }
    }
}
