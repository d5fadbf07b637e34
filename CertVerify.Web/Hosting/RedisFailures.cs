using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>How a Redis command fails while Redis is unreachable: at once (fail-fast backlog) or by timing out.</summary>
public static class RedisFailures
{
    public static bool IsRedisUnavailable(this Exception exception) => exception is RedisException or TimeoutException;
}
