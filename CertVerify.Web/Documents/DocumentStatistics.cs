
namespace CertVerify.Web.Documents;

/// <summary>A replica's documents since it started; <c>RenderMilliseconds</c> is the time spent drawing them (no queueing, database or network).</summary>
public sealed record DocumentStatistics(long Rendered, double RenderMilliseconds, long ServedFromCache, long Rejected, int MaxConcurrentRenders);
