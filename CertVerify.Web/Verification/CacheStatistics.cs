using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Verification;

public sealed record CacheStatistics(bool Enabled, bool RedisConnected, long Hits, long Misses, long Invalidations);
