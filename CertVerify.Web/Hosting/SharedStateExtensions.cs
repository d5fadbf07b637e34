using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>
/// State that every replica must share lives in Redis: the Data Protection key ring (so a cookie or antiforgery
/// token made by one replica is valid on all) and, through the same multiplexer, everything built on it later.
/// </summary>
public static class SharedStateExtensions
{
    public const string RedisConnectionName = "redis";
    public const string ApplicationName = "CertVerify";
    public const string DataProtectionKeysKey = "certverify:data-protection:keys";

    public static WebApplicationBuilder AddSharedState(this WebApplicationBuilder builder)
    {
        // One multiplexer per replica, registered as a singleton by the Aspire integration.
        builder.AddRedisClient(RedisConnectionName);

        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) =>
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeysKey));

        return builder;
    }
}
