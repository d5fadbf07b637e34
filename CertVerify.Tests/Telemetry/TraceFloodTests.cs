using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CertVerify.Tests.Telemetry;

/// <summary>
/// An attacker's scenario: any anonymous client can send <c>traceparent</c> headers marked sampled. Honoured without a
/// limit, every such request becomes a stored trace, which costs the trace store about a millisecond of CPU a span.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class TraceFloodTests(InProcessFixture app) : IDisposable
{
    private static readonly TimeSpan FloodFor = TimeSpan.FromSeconds(2.5);
    private readonly ConcurrentDictionary<ActivityTraceId, bool> _recorded = new();
    private readonly ActivityListener _listener = new();

    [Fact]
    public async Task Requests_a_caller_marks_sampled_are_traced_only_within_the_budget_of_each_second()
    {
        var budget = app.Factory.Services.GetRequiredService<IOptions<TraceSamplingOptions>>().Value.MaxTracesPerSecond;
        using var overBudget = new CounterTotal(CappedTraceSampler.OverBudgetMetric, app.Factory.Services.GetRequiredService<IMeterFactory>());
        Listen();
        // The client sends its own traceparent, as an attacker would. Without a propagator the handler starts no span of
        // its own, which the application's HttpClient instrumentation (in this process) would write over that header.
        // It asks for a public file, which spends no rate limit that the other tests need.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = app.BaseAddress,
        };
        var sent = new ConcurrentBag<ActivityTraceId>();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < FloodFor)
            {
                var traceId = ActivityTraceId.CreateRandom();
                sent.Add(traceId);
                using var request = new HttpRequestMessage(HttpMethod.Get, "/css/site.css");
                request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
                using var response = await client.SendAsync(request);
            }
        })));
        var elapsed = clock.Elapsed;

        // Each second's budget at most, the first one whole; the server's span ends just after its answer.
        var most = (int)(budget * (Math.Ceiling(elapsed.TotalSeconds) + 1));
        Assert.True(sent.Count > 2 * most, $"only {sent.Count} requests in {elapsed}: too few to tell a budget of {budget} a second");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var traced = sent.Count(_recorded.ContainsKey);
        Assert.InRange(traced, 1, most);
        // Every request turned away is counted for the operator (background work may add its own).
        Assert.True(overBudget.Value >= sent.Count - traced, $"{overBudget.Value} counted over budget for {sent.Count - traced} untraced");
    }

    private void Listen()
    {
        _listener.ShouldListenTo = source => source.Name == "Microsoft.AspNetCore";
        // This listener asks for nothing, so what is recorded is what the application's sampler decided.
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None;
        _listener.ActivityStopped = activity =>
        {
            if (activity.Recorded)
            {
                _recorded[activity.TraceId] = true;
            }
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();
}
