
namespace CertVerify.Web.Verification;

public sealed record CacheStatistics(bool Enabled, bool RedisConnected, long Hits, long Misses, long Invalidations);
