using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps <see cref="TraceSamplingOptions.SampleRatio"/> of new traces, and a caller's trace when its
/// <c>traceparent</c> says sampled, but at most <see cref="TraceSamplingOptions.MaxTracesPerSecond"/> of them a second.
/// Spans inside a trace follow its first span, so a kept trace is whole. The cap is what makes tracing safe under a
/// flood: the trace store costs about a millisecond of CPU per span (docs/benchmarks.md), and any anonymous client
/// can mark its requests sampled. What the budget turns away is counted (<see cref="OverBudgetMetric"/>), so an operator
/// sees when it binds.
/// </summary>
public sealed class CappedTraceSampler : Sampler, IDisposable
{
    public const string OverBudgetMetric = "certverify.traces.over_budget";

    private readonly TraceIdRatioBasedSampler _ratio;
    private readonly TokenBucketRateLimiter _budget;
    private readonly Counter<long> _overBudget;

    public CappedTraceSampler(TraceSamplingOptions options, IMeterFactory meters)
    {
        _ratio = new TraceIdRatioBasedSampler(options.SampleRatio);
        _budget = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.MaxTracesPerSecond,
            TokensPerPeriod = options.MaxTracesPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        });
        _overBudget = meters.Create(Extensions.CertVerifyTelemetryName).CreateCounter<long>(OverBudgetMetric,
            description: "Traces the sampling ratio or a caller asked for but not kept: the second's budget (Tracing:MaxTracesPerSecond) was spent.");
        Description = $"CappedTraceSampler{{{options.SampleRatio}, {options.MaxTracesPerSecond}/s}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        var sampledParent = parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded);
        if (parent.TraceId != default && !parent.IsRemote)
        {
            return new SamplingResult(sampledParent);
        }

        var wanted = parent.TraceId != default
            ? sampledParent
            : _ratio.ShouldSample(samplingParameters).Decision == SamplingDecision.RecordAndSample;
        if (!wanted)
        {
            return new SamplingResult(false);
        }

        if (_budget.AttemptAcquire().IsAcquired)
        {
            return new SamplingResult(true);
        }

        _overBudget.Add(1);
        return new SamplingResult(false);
    }

    public void Dispose() => _budget.Dispose();
}
