using System.Threading.RateLimiting;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Security;

/// <summary>
/// Wraps a Redis-backed limiter so that a failing or hung Redis lets requests through (logged) instead of failing
/// them: the limits protect the service, they must not take it down.
/// </summary>
internal sealed class FailOpenRateLimiter(RateLimiter inner, ILogger logger) : RateLimiter
{
    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        try
        {
            return inner.AttemptAcquire(permitCount);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            return Granted(ex);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AcquireAsync(permitCount, cancellationToken);
        }
        catch (Exception ex) when (ex.IsRedisUnavailable())
        {
            return Granted(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
    }

    protected override ValueTask DisposeAsyncCore() => inner.DisposeAsync();

    private RateLimitLease Granted(Exception ex)
    {
        logger.LogWarning(ex, "Rate limit not enforced: Redis is unreachable");
        return GrantedLease.Instance;
    }

    private sealed class GrantedLease : RateLimitLease
    {
        public static readonly GrantedLease Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
