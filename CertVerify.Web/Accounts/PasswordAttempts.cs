using CertVerify.Web.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Accounts;

/// <summary>
/// Slows password guessing wherever a password is checked (sign-in, password change, admin-scope keys), counted in
/// Redis per account and client address so attempts through any replica add up. After
/// <see cref="PasswordAttemptOptions.FreeAttempts"/> attempts, each further one waits a delay that doubles with every failure:
/// an attacker's address is slowed down, while the account's owner signs in from another address as usual. Every
/// attempt is counted atomically before the password is checked, so parallel attempts cannot slip past the wait; a
/// success clears the count. Counted per email whether or not an account has it, so the answer never tells which
/// emails exist. If Redis is unreachable the attempt cannot be counted and is refused (the Redis exception: 503).
/// </summary>
public sealed class PasswordAttempts(IConnectionMultiplexer redis, IOptions<PasswordAttemptOptions> options, ILogger<PasswordAttempts> logger)
{
    // Returns 0 when the attempt may go ahead, else the milliseconds it must wait.
    private static readonly LuaScript BeginAttempt = LuaScript.Prepare("""
        local waiting = redis.call('PTTL', @waitKey)
        if waiting > 0 then return waiting end
        local attempts = redis.call('INCR', @attemptsKey)
        redis.call('PEXPIRE', @attemptsKey, @windowMs)
        local beyond = attempts - tonumber(@freeAttempts)
        if beyond >= 0 then
            local delay = math.min(tonumber(@firstDelayMs) * 2 ^ beyond, tonumber(@maxDelayMs))
            redis.call('SET', @waitKey, 1, 'PX', math.floor(delay))
        end
        return 0
        """);

    /// <summary>
    /// Checks the password with <paramref name="matches"/> unless this address must wait first for this account.
    /// Throws when Redis is unreachable: no count, and no per-IP limit either (it fails open), would let passwords be
    /// guessed without limit.
    /// </summary>
    public async Task<PasswordAttempt> CheckAsync(string email, string? clientIp, Func<Task<bool>> matches)
    {
        var who = $"{User.Normalize(email)}:{clientIp ?? "unknown"}";
        if (await BeginAsync(who) is { } wait)
        {
            return PasswordAttempt.Wait(wait);
        }

        if (!await matches())
        {
            return PasswordAttempt.Wrong;
        }

        await SucceededAsync(who);
        return PasswordAttempt.Right;
    }

    private static RedisKey AttemptsKey(string who) => $"certverify:password-attempts:{who}";

    private static RedisKey WaitKey(string who) => $"certverify:password-wait:{who}";

    private async Task<TimeSpan?> BeginAsync(string who)
    {
        var settings = options.Value;
        try
        {
            var result = (long)await redis.GetDatabase().ScriptEvaluateAsync(BeginAttempt, new
            {
                attemptsKey = AttemptsKey(who),
                waitKey = WaitKey(who),
                windowMs = (long)TimeSpan.FromMinutes(settings.WindowMinutes).TotalMilliseconds,
                freeAttempts = settings.FreeAttempts,
                firstDelayMs = (long)TimeSpan.FromSeconds(settings.FirstDelaySeconds).TotalMilliseconds,
                maxDelayMs = (long)TimeSpan.FromMinutes(settings.MaxDelayMinutes).TotalMilliseconds,
            });
            return result > 0 ? TimeSpan.FromMilliseconds(result) : null;
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Password attempt refused: attempts cannot be counted while Redis is unreachable");
            throw;
        }
    }

    /// <summary>A right password clears the attempts and the wait of this address at this account.</summary>
    private async Task SucceededAsync(string who)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync([AttemptsKey(who), WaitKey(who)]);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Could not reset password attempts: Redis is unreachable");
        }
    }
}
