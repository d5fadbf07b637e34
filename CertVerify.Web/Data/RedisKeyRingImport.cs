using System.Xml.Linq;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace CertVerify.Web.Data;

/// <summary>
/// Once, on upgrading: earlier versions kept the key ring in Redis, unencrypted. Its keys move into PostgreSQL as they
/// are (they protect the signing keys already stored, and live sessions), and leave Redis. Runs under the migration
/// lock before anything is protected; does nothing once PostgreSQL holds a key, or when Redis holds none.
/// </summary>
public static class RedisKeyRingImport
{
    /// <summary>Where earlier versions kept the ring.</summary>
    public const string RedisKey = "certverify:data-protection:keys";

    public static async Task ImportAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<CertVerifyDbContext>();
        if (await db.DataProtectionKeys.AnyAsync(ct))
        {
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RedisKeyRingImport));
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        IReadOnlyCollection<XElement> keys;
        try
        {
            keys = new RedisXmlRepository(() => redis.GetDatabase(), RedisKey).GetAllElements();
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            logger.LogWarning(ex, "Redis is unreachable: a key ring earlier versions kept there, if any, is not imported");
            return;
        }

        if (keys.Count == 0)
        {
            return;
        }

        db.DataProtectionKeys.AddRange(keys.Select(key => new DataProtectionKey
        {
            FriendlyName = $"key-{key.Attribute("id")?.Value}",
            Xml = key.ToString(SaveOptions.DisableFormatting),
        }));
        await db.SaveChangesAsync(ct);
        await redis.GetDatabase().KeyDeleteAsync(RedisKey);
        logger.LogWarning("Moved {Count} Data Protection key(s) from Redis into PostgreSQL, unencrypted as they were; new keys are encrypted", keys.Count);
    }
}
