using System.Threading.RateLimiting;

namespace CertVerify.Web.Security;

/// <summary>One client's limit under one policy, counted by <see cref="SharedWindowCounts"/> across the replicas.</summary>
internal sealed class SharedWindowRateLimiter(SharedWindowCounts counts, string key, int permitLimit, TimeProvider clock) : RateLimiter
{
    private long _lastUsed = clock.GetTimestamp();

    public override TimeSpan? IdleDuration => clock.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The middleware tries this first and then AcquireAsync: the decision, Redis included, is made there.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotDecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, clock.GetTimestamp());
        // Not cancelled: the decision waits at most for one reservation, which ends within Redis' own timeout.
        var decision = await counts.AcquireAsync(key, permitLimit);
        return decision.IsGranted ? Lease.Granted : new Lease(false, decision.RetryAfter);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease NotDecided = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
