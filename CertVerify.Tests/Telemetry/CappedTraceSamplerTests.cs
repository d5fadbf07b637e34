using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertVerify.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace CertVerify.Tests.Telemetry;

/// <summary>Which spans the replicas' sampler keeps: a share of new traces and callers' sampled ones, within a budget a second.</summary>
[Trait("Tier", "Unit")]
public sealed class CappedTraceSamplerTests : IDisposable
{
    private const int Budget = 5;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void New_traces_are_kept_until_the_budget_of_the_second_is_spent()
    {
        using var sampler = Sampler(ratio: 1);

        var kept = Kept(sampler, 3 * Budget, NewTrace);

        Assert.Equal(Budget, kept);
    }

    [Fact]
    public void What_the_budget_turns_away_is_counted()
    {
        using var overBudget = new CounterTotal(CappedTraceSampler.OverBudgetMetric, Meters);
        using var sampler = Sampler(ratio: 1);

        _ = Kept(sampler, 3 * Budget, NewTrace);
        _ = Kept(sampler, 4, () => Remote(sampled: false));

        Assert.Equal(2 * Budget, overBudget.Value);
    }

    [Fact]
    public void A_caller_marking_its_requests_sampled_spends_the_same_budget()
    {
        using var sampler = Sampler(ratio: 0);

        var kept = Kept(sampler, 3 * Budget, () => Remote(sampled: true));

        Assert.Equal(Budget, kept);
        Assert.False(IsSampled(sampler, default), "a ratio of 0 keeps no new trace");
    }

    [Fact]
    public void A_caller_that_did_not_sample_is_not_traced_and_spends_nothing()
    {
        using var sampler = Sampler(ratio: 1);

        Assert.Equal(0, Kept(sampler, 3 * Budget, () => Remote(sampled: false)));
        Assert.Equal(Budget, Kept(sampler, 3 * Budget, () => Remote(sampled: true)));
    }

    [Fact]
    public void Spans_inside_a_trace_follow_its_first_span_whatever_the_budget()
    {
        using var sampler = Sampler(ratio: 1);
        _ = Kept(sampler, Budget, NewTrace);

        Assert.True(IsSampled(sampler, Local(sampled: true)), "a kept trace must be whole");
        Assert.False(IsSampled(sampler, Local(sampled: false)));
    }

    [Fact]
    public void Only_the_ratio_of_new_traces_is_kept()
    {
        using var sampler = new CappedTraceSampler(new TraceSamplingOptions { SampleRatio = 0.1, MaxTracesPerSecond = 1_000_000 }, Meters);

        var kept = Kept(sampler, 10_000, NewTrace);

        Assert.InRange(kept, 800, 1_200);
    }

    [Fact]
    public async Task The_budget_comes_back_the_next_second()
    {
        using var sampler = Sampler(ratio: 1);
        _ = Kept(sampler, Budget, NewTrace);
        Assert.False(IsSampled(sampler, default));

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.True(IsSampled(sampler, default));
    }

    [Theory]
    [InlineData(-0.1, 20)]
    [InlineData(1.1, 20)]
    [InlineData(0.1, 0)]
    public void Settings_out_of_range_are_refused(double ratio, int perSecond) =>
        Assert.False(TraceSamplingOptions.IsValid(new TraceSamplingOptions { SampleRatio = ratio, MaxTracesPerSecond = perSecond }));

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    private CappedTraceSampler Sampler(double ratio) =>
        new(new TraceSamplingOptions { SampleRatio = ratio, MaxTracesPerSecond = Budget }, Meters);

    /// <summary>How many of <paramref name="times"/> spans, each with a parent from <paramref name="parent"/>, are kept.</summary>
    private static int Kept(Sampler sampler, int times, Func<ActivityContext> parent) =>
        Enumerable.Range(0, times).Count(_ => IsSampled(sampler, parent()));

    /// <summary>No parent: a new trace.</summary>
    private static ActivityContext NewTrace() => default;

    private static ActivityContext Remote(bool sampled) => Context(sampled, isRemote: true);

    private static ActivityContext Local(bool sampled) => Context(sampled, isRemote: false);

    private static ActivityContext Context(bool sampled, bool isRemote) =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: isRemote);

    private static bool IsSampled(Sampler sampler, ActivityContext parent) =>
        sampler.ShouldSample(new SamplingParameters(parent, parent.TraceId == default ? ActivityTraceId.CreateRandom() : parent.TraceId, "GET /api/verify/{code}", ActivityKind.Server))
            .Decision == SamplingDecision.RecordAndSample;

    public void Dispose() => _services.Dispose();
}
