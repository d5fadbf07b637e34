using System.Security.Claims;
using System.Text.Json;
using CertVerify.Web.Accounts;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Auth;

/// <summary>
/// Cookie sessions kept in Redis (<see cref="ITicketStore"/>): the cookie carries only a random session id, so a
/// sign-in made through one replica is valid on all, and removing the Redis entry ends the session everywhere at once.
/// Each user's sessions are indexed in a hash for listing and revoking. When Redis is unreachable a session cannot be
/// read and the caller is treated as signed out.
/// </summary>
public sealed class SessionStore(
    IConnectionMultiplexer redis,
    IDataProtectionProvider dataProtection,
    IOptions<SessionOptions> options,
    InstanceIdentity instance,
    TimeProvider clock,
    ILogger<SessionStore> logger) : ITicketStore
{
    public const string AbsoluteExpiryItem = ".absolute_expires";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("CertVerify.Sessions.v1");

    private static RedisKey SessionKey(string id) => $"certverify:sessions:{id}";

    private static RedisKey UserIndexKey(string userId) => $"certverify:user-sessions:{userId}";

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var sessionId = WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        ((ClaimsIdentity)ticket.Principal.Identity!).AddClaim(new Claim(CertVerifyClaims.SessionId, sessionId));
        var now = clock.GetUtcNow();
        var info = new SessionInfo(sessionId, now, now, ExpiresAt(ticket, now),
            httpContext.ClientIp(),
            httpContext.UserAgent(),
            instance.InstanceId);
        await WriteAsync(ticket, info, onlyIfExists: false);
        return sessionId;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        RenewAsync(key, ticket, null!, cancellationToken);

    /// <summary>
    /// Slides the session, but only if it still exists: a request in flight while the session is revoked
    /// (sign-out, password or role change) must not bring it back.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        try
        {
            var now = clock.GetUtcNow();
            var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!;
            var previous = await redis.GetDatabase().HashGetAsync(UserIndexKey(userId), key);
            var created = previous.HasValue ? JsonSerializer.Deserialize<SessionInfo>(previous.ToString())!.CreatedAt : now;
            await WriteAsync(ticket, new SessionInfo(key, created, now, ExpiresAt(ticket, now),
                httpContext.ClientIp(),
                httpContext.UserAgent(),
                instance.InstanceId), onlyIfExists: true);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            // The session keeps its old expiry; the next request tries again.
            logger.LogWarning(ex, "Could not renew a session");
        }
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) =>
        RetrieveAsync(key, null!, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await redis.GetDatabase().StringGetAsync(SessionKey(key));
            return stored.HasValue ? TicketSerializer.Default.Deserialize(_protector.Unprotect((byte[])stored!)) : null;
        }
        catch (Exception ex) when (ex.IsRedisUnavailable() || ex is System.Security.Cryptography.CryptographicException)
        {
            logger.LogWarning(ex, "Could not read a session; the caller is treated as signed out");
            return null;
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var userId = httpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await db.KeyDeleteAsync(SessionKey(key));
        if (userId is not null)
        {
            await db.HashDeleteAsync(UserIndexKey(userId), key);
        }
    }

    /// <summary>The user's live sessions; entries whose session has expired are pruned on the way.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListAsync(Guid userId)
    {
        var db = redis.GetDatabase();
        var entries = await db.HashGetAllAsync(UserIndexKey(userId.ToString()));
        var sessions = new List<SessionInfo>();
        foreach (var entry in entries)
        {
            if (await db.KeyExistsAsync(SessionKey(entry.Name!)))
            {
                sessions.Add(JsonSerializer.Deserialize<SessionInfo>(entry.Value.ToString())!);
            }
            else
            {
                await db.HashDeleteAsync(UserIndexKey(userId.ToString()), entry.Name);
            }
        }

        return sessions.OrderByDescending(s => s.LastSeenAt).ToList();
    }

    /// <summary>Ends every session of the user, except <paramref name="keep"/> (the caller's own, after a password change).</summary>
    public async Task<int> RevokeAllAsync(Guid userId, string? keep = null)
    {
        var db = redis.GetDatabase();
        var index = UserIndexKey(userId.ToString());
        var ids = (await db.HashKeysAsync(index)).Select(id => id.ToString()).Where(id => id != keep).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        await db.KeyDeleteAsync(ids.Select(SessionKey).ToArray());
        await db.HashDeleteAsync(index, ids.Select(id => (RedisValue)id).ToArray());
        return ids.Count;
    }

    public async Task<bool> RevokeAsync(Guid userId, string sessionId)
    {
        var db = redis.GetDatabase();
        // Only a session of this user: the id must come out of the user's own index first.
        if (!await db.HashDeleteAsync(UserIndexKey(userId.ToString()), sessionId))
        {
            return false;
        }

        await db.KeyDeleteAsync(SessionKey(sessionId));
        return true;
    }

    private async Task WriteAsync(AuthenticationTicket ticket, SessionInfo info, bool onlyIfExists)
    {
        var ttl = info.ExpiresAt - clock.GetUtcNow();
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var db = redis.GetDatabase();
        var index = UserIndexKey(userId);
        var transaction = db.CreateTransaction();
        if (onlyIfExists)
        {
            transaction.AddCondition(Condition.KeyExists(SessionKey(info.SessionId)));
        }

        _ = transaction.StringSetAsync(SessionKey(info.SessionId), _protector.Protect(TicketSerializer.Default.Serialize(ticket)), ttl);
        _ = transaction.HashSetAsync(index, info.SessionId, JsonSerializer.Serialize(info));
        // No session outlives its absolute lifetime, so neither need the index after the newest one.
        _ = transaction.KeyExpireAsync(index, TimeSpan.FromDays(options.Value.AbsoluteLifetimeDays));
        await transaction.ExecuteAsync();
    }

    /// <summary>The sooner of the sliding expiry and the absolute end of the session.</summary>
    private DateTimeOffset ExpiresAt(AuthenticationTicket ticket, DateTimeOffset now)
    {
        var sliding = ticket.Properties.ExpiresUtc ?? now.AddHours(options.Value.IdleTimeoutHours);
        return ticket.Properties.Items.TryGetValue(AbsoluteExpiryItem, out var absolute) && DateTimeOffset.TryParse(absolute, out var end) && end < sliding
            ? end
            : sliding;
    }
}
