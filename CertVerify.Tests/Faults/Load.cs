using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using CertVerify.Web.Hosting;

namespace CertVerify.Tests.Faults;

/// <summary>
/// One request of a load: what was asked, when it started (from the start of the run), how long it took and what
/// came back. <see cref="Status"/> 0 means no answer at all (connection refused or reset, or the client's timeout).
/// <see cref="Verdict"/> is a verification's status (from the JSON or the page) or any JSON's <c>status</c>,
/// <see cref="Id"/> a JSON answer's <c>id</c> (an issued certificate's).
/// </summary>
public sealed partial record Sample(
    string Kind, TimeSpan At, TimeSpan Took, int Status, string? Verdict, string? Id, string? MediaType, bool RetryAfter, string? Instance,
    string? Error)
{
    public TimeSpan End => At + Took;

    /// <summary>Sends the request and records the answer; <paramref name="clock"/> times it.</summary>
    public static async Task<Sample> TakeAsync(HttpClient client, string kind, HttpRequestMessage request, Stopwatch clock)
    {
        using (request)
        {
            var at = clock.Elapsed;
            try
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var json = mediaType is "application/json" or "application/problem+json" ? ResponseJson.ParseOrDefault(text) : null;
                var verdict = json is not null ? ResponseJson.Property(json, "status")
                    : mediaType == "text/html" && PageVerdict().Match(text) is { Success: true } match ? match.Groups[1].Value
                    : null;
                return new Sample(kind, at, clock.Elapsed - at, (int)response.StatusCode, verdict, ResponseJson.Property(json, "id"), mediaType,
                    response.Headers.RetryAfter is not null,
                    response.Headers.TryGetValues(ReplicaHostingExtensions.InstanceIdHeader, out var instance) ? instance.Single() : null,
                    null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return new Sample(kind, at, clock.Elapsed - at, 0, null, null, null, false, null, $"{ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>Sends a GET, timed from now.</summary>
    public static Task<Sample> GetAsync(HttpClient client, string kind, string path) =>
        TakeAsync(client, kind, new HttpRequestMessage(HttpMethod.Get, path), Stopwatch.StartNew());

    [GeneratedRegex("""class="verdict verdict-([a-z_]+)""")]
    private static partial Regex PageVerdict();

    public override string ToString() =>
        $"{Kind} at {At.TotalSeconds:0.00} s: {(Status == 0 ? Error : $"{Status} {Verdict} {MediaType}")} in {Took.TotalMilliseconds:0} ms from {Instance ?? "?"}";
}

/// <summary>
/// Workers sending requests one after another until stopped, every request recorded as a <see cref="Sample"/>.
/// Requests are numbered over all workers, so a test spreads them over its kinds with <c>n % kinds</c>.
/// </summary>
public sealed class LoadRun
{
    /// <summary>Longer than any fail-fast bound: a request still unanswered by then hangs.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private long _next = -1;

    /// <param name="workers">Concurrent workers.</param>
    /// <param name="pause">
    /// Each worker's pause after each request: these two cores also run Nginx, PostgreSQL, Redis and three replicas,
    /// and a load that takes every cycle would slow a replica's restart to a crawl.
    /// </param>
    /// <param name="send">Sends request number n and returns its sample (see <see cref="SendAsync"/>).</param>
    public LoadRun(int workers, TimeSpan pause, Func<long, Task<Sample>> send)
    {
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _samples.Enqueue(await send(Interlocked.Increment(ref _next)));
                await Task.Delay(pause);
            }
        })).ToArray();
    }

    /// <summary>Time since the run started, the clock of every sample's <see cref="Sample.At"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyCollection<Sample> SoFar => _samples;

    /// <summary>Lets every worker finish its request, then returns all samples in the order they started.</summary>
    public async Task<IReadOnlyList<Sample>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return _samples.OrderBy(s => s.At).ToList();
    }

    /// <summary>A client for load: its own connections, the request timeout above, and a User-Agent that marks its log entries.</summary>
    public static HttpClient Client(Uri baseAddress, string userAgent)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = RequestTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    public Task<Sample> SendAsync(HttpClient client, string kind, HttpRequestMessage request) =>
        Sample.TakeAsync(client, kind, request, _clock);

    public Task<Sample> GetAsync(HttpClient client, string kind, string path) =>
        SendAsync(client, kind, new HttpRequestMessage(HttpMethod.Get, path));
}
/// <summary>Figures for the test output (which docs/benchmarks.md quotes).</summary>
public static class Figures
{
    /// <summary>"1,234 requests, p50 12 ms, p95 80 ms, max 950 ms".</summary>
    public static string Latency(IEnumerable<Sample> samples) => Latency(samples.Select(s => s.Took).ToList());

    public static string Latency(IReadOnlyCollection<TimeSpan> durations)
    {
        if (durations.Count == 0)
        {
            return "0 requests";
        }

        var sorted = durations.Order().ToList();
        TimeSpan At(double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
        return $"{sorted.Count:N0} requests, p50 {Ms(At(0.50))}, p95 {Ms(At(0.95))}, max {Ms(sorted[^1])}";
    }

    /// <summary>"web-1 310, web-2 298, web-3 305": which replicas answered, and how often.</summary>
    public static string AnsweredBy(IEnumerable<Sample> samples) =>
        string.Join(", ", samples.GroupBy(s => s.Instance ?? "no answer").OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}"));

    /// <summary>"200 x 1,200, 503 x 40": the answers by status.</summary>
    public static string Statuses(IEnumerable<Sample> samples) =>
        string.Join(", ", samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key)} x {g.Count():N0}"));

    public static string Ms(TimeSpan elapsed) => $"{elapsed.TotalMilliseconds:0} ms";

    public static string Seconds(TimeSpan elapsed) => $"{elapsed.TotalSeconds:0.0} s";
}
