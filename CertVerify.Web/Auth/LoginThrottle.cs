using CertVerify.Web.Accounts;
using CertVerify.Web.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Auth;

/// <summary>
/// Locks an account after repeated failed sign-ins, counted in Redis so attempts through any replica add up.
/// Every attempt is counted atomically before the password is checked, so parallel attempts cannot slip past the
/// limit; a success clears the count. Counted per email whether or not an account has it, so the answer never tells
/// which emails exist. If Redis is unreachable the attempt cannot be counted and the caller refuses the sign-in.
/// </summary>
public sealed class LoginThrottle(IConnectionMultiplexer redis, IOptions<LockoutOptions> options, ILogger<LoginThrottle> logger)
{
    // KEYS: attempts, lock. ARGV: window ms, max attempts, lock ms.
    // Returns 0 when the attempt may go ahead, else the milliseconds the account stays locked.
    private static readonly LuaScript BeginAttempt = LuaScript.Prepare("""
        local locked = redis.call('PTTL', @lockKey)
        if locked > 0 then return locked end
        local attempts = redis.call('INCR', @attemptsKey)
        if attempts == 1 then redis.call('PEXPIRE', @attemptsKey, @windowMs) end
        if attempts > tonumber(@maxAttempts) then
            redis.call('SET', @lockKey, 1, 'PX', @lockMs)
            redis.call('DEL', @attemptsKey)
            return tonumber(@lockMs)
        end
        return 0
        """);

    private static RedisKey AttemptsKey(string email) => $"certverify:login-attempts:{User.Normalize(email)}";

    private static RedisKey LockKey(string email) => $"certverify:login-lock:{User.Normalize(email)}";

    /// <summary>
    /// Counts an attempt; returns how long the account stays locked, or null when it may try.
    /// Throws when Redis is unreachable: no lockout, and no per-IP limit either (it fails open), would let passwords
    /// be guessed without limit, told apart by the answer (401 wrong, 503 right: the session cannot be stored).
    /// </summary>
    public async Task<TimeSpan?> BeginAttemptAsync(string email)
    {
        var settings = options.Value;
        try
        {
            var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(BeginAttempt, new
            {
                attemptsKey = AttemptsKey(email),
                lockKey = LockKey(email),
                windowMs = (long)TimeSpan.FromMinutes(settings.WindowMinutes).TotalMilliseconds,
                maxAttempts = settings.MaxFailedAttempts,
                lockMs = (long)TimeSpan.FromMinutes(settings.LockMinutes).TotalMilliseconds,
            });
            return result > 0 ? TimeSpan.FromMilliseconds(result) : null;
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Sign-in refused: attempts cannot be counted while Redis is unreachable");
            throw;
        }
    }

    /// <summary>A successful sign-in clears the attempts counted so far.</summary>
    public async Task SucceededAsync(string email)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(AttemptsKey(email));
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Could not reset sign-in attempts: Redis is unreachable");
        }
    }
}
