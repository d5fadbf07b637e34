using System.Diagnostics;
using System.Net;
using CertVerify.Tests.Topology;
using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace CertVerify.Tests.Faults;

/// <summary>
/// PostgreSQL stops while requests pour in through Nginx, and starts again a few seconds later. While it is down,
/// whatever needs it (issuing, listing) is refused at once with a 503 problem that says when to retry; cached
/// verifications keep answering, and so do codes that were never issued (the replicas' filter of issued codes knows
/// them without PostgreSQL); nothing hangs, no replica is taken out of
/// rotation or restarted, and everything works again by itself once PostgreSQL is back. Verifications answered
/// during the outage are logged once it is over. Every check is in the test output with its figures.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(FaultsCollection.Name)]
public sealed class PostgresOutageTests(FaultsTopologyFixture topology, ITestOutputHelper output)
{
    private const string Postgres = "postgres";
    private const int Workers = 8;
    private const int CachedCodes = 10;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SteadyFor = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The longest any answer may take, while PostgreSQL is down included: generous for two busy cores, far below
    /// the minute a request waited out EF Core's default retries, and below the load's 30 s client timeout.
    /// </summary>
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(10);

    /// <summary>A platform's usual probe timeout (Kubernetes' default): /health and /alive answer within it.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How long after PostgreSQL is healthy every replica must be answering everything again.</summary>
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Recovered: no request needing PostgreSQL has failed for this long, on any replica.</summary>
    private static readonly TimeSpan CleanFor = TimeSpan.FromSeconds(5);

    private const string Cached = "cached verification";
    private const string Unknown = "unknown code";
    private const string List = "list certificates";
    private const string Issue = "issue";
    private static readonly string[] Kinds = [Cached, Unknown, List, Issue];

    /// <summary>What is answered without PostgreSQL: from the verification cache, or from the filter of issued codes.</summary>
    private static bool AnsweredWithoutPostgres(Sample s) => s.Kind is Cached or Unknown;

    [Fact(Timeout = 6 * 60_000)]
    public async Task Requests_needing_PostgreSQL_fail_fast_while_it_is_down_and_everything_recovers_by_itself()
    {
        var findings = new Findings(output);
        var run = Guid.NewGuid().ToString("N")[..8];
        var userAgent = $"faults-postgres-{run}";
        using var admin = await topology.SignInAsAdminAsync();
        var apiKey = await admin.CreateApiKeyAsync($"postgres-outage-{run}");

        // Cached: verified once before the outage, so Redis (and the replica that answered) holds the answer.
        var cached = new List<string>();
        for (var i = 0; i < CachedCodes; i++)
        {
            var code = (await admin.IssueCertificateAsync(new { recipientName = "Postgres Outage", title = $"Cached {run} {i}" })).GetProperty("code").GetString()!;
            using var verified = await topology.Nginx.GetAsync($"/api/verify/{code}");
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            cached.Add(code);
        }

        var processes = await ProcessIdsAsync();
        long unknownBefore;
        await using (var database = await topology.OpenDatabaseAsync())
        {
            unknownBefore = await UnknownCodeCounts.SumAsync(database);
        }

        await using var logs = topology.WatchLogs(TopologyFixture.ReplicaNames);
        using var client = LoadRun.Client(topology.NginxUri, userAgent);
        LoadRun? load = null;
        load = new LoadRun(Workers, Pause, n => Kinds[n % Kinds.Length] switch
        {
            Cached => load!.GetAsync(client, Cached, $"/api/verify/{cached[(int)(n / Kinds.Length % CachedCodes)]}"),
            // A code never asked for before: only PostgreSQL can say it does not exist.
            Unknown => load!.GetAsync(client, Unknown, $"/api/verify/{CertificateCode.Format(CertificateCode.NewCode())}"),
            List => load!.SendAsync(client, List, WithKey(new HttpRequestMessage(HttpMethod.Get, "/api/certificates?pageSize=5"), apiKey)),
            _ => load!.SendAsync(client, Issue, WithKey(new HttpRequestMessage(HttpMethod.Post, "/api/certificates")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { recipientName = "Postgres Outage", title = $"Load {run} {n}" }),
            }, apiKey)),
        });

        TimeSpan stopping = default, stopped = default, starting = default, healthy = default, recoveredAt = default;
        var recovered = false;
        IReadOnlyList<Sample> samples;
        try
        {
            await Task.Delay(SteadyFor);
            stopping = load.Elapsed;
            await topology.StopResourceAsync(Postgres);
            stopped = load.Elapsed;

            await CheckHealthAsync(findings, "outage", 503, "unhealthy", TimeSpan.Zero);
            if (DownFor - (load.Elapsed - stopped) is { Ticks: > 0 } rest)
            {
                await Task.Delay(rest);
            }

            starting = load.Elapsed;
            await topology.StartResourceAsync(Postgres);
            healthy = load.Elapsed;

            (recovered, recoveredAt) = await WaitForRecoveryAsync(load, healthy);
        }
        finally
        {
            samples = await load.StopAsync();
            await topology.EnsureRunningAsync(Postgres);
        }

        output.WriteLine($"PostgreSQL stopped under load through Nginx: {Workers} workers ({Figures.Ms(Pause)} pause) for {Figures.Seconds(samples[^1].End)}, kinds: {string.Join(", ", Kinds)}");
        output.WriteLine($"  stop asked at {Figures.Seconds(stopping)}, stopped at {Figures.Seconds(stopped)}; start asked at {Figures.Seconds(starting)}, healthy at {Figures.Seconds(healthy)} ({Figures.Seconds(healthy - starting)} to start); down {Figures.Seconds(healthy - stopped)}");
        output.WriteLine($"  recovered (no failure since, on any replica) at {Figures.Seconds(recoveredAt)}: {Figures.Seconds(recoveredAt - healthy)} after PostgreSQL was healthy, {Figures.Seconds(recoveredAt - starting)} after the start was asked");
        foreach (var (phase, from, to) in new[] { ("before", TimeSpan.Zero, stopping), ("stopping", stopping, stopped), ("down", stopped, starting), ("starting", starting, healthy), ("back", healthy, TimeSpan.MaxValue) })
        {
            foreach (var kind in Kinds)
            {
                var inPhase = samples.Where(s => s.Kind == kind && s.At >= from && s.At < to).ToList();
                findings.Note($"{phase + ",",-10} {kind + ":",-23} {Figures.Statuses(inPhase)}; {Figures.Latency(inPhase)}");
            }
        }

        CheckAnswers(findings, samples, stopping, stopped, starting);
        findings.Check(recovered, $"recovery: every replica answers everything again within {RecoveryTimeout.TotalSeconds:0} s of PostgreSQL being healthy ({Figures.Seconds(recoveredAt - healthy)})");
        var back = samples.Where(s => s.At >= recoveredAt).ToList();
        findings.Check(TopologyFixture.ReplicaNames.All(name => back.Any(s => s.Instance == name)),
            $"recovery: Nginx sends requests to every replica again ({Figures.AnsweredBy(back)})");
        await CheckHealthAsync(findings, "recovery", 200, "healthy", RecoveryTimeout);
        var processesAfter = await ProcessIdsAsync();
        findings.Check(processes.SequenceEqual(processesAfter),
            $"recovery: the replicas are the same processes, none restarted or crashed ({string.Join(", ", processes)} before, {string.Join(", ", processesAfter)} after)");
        await CheckVerificationsLoggedAsync(findings, samples, userAgent, unknownBefore);
        CheckLogs(findings, logs);
        findings.AssertAllHeld();
    }

    /// <summary>What the replicas wrote meanwhile: no crash, no background service given up, no request failing unhandled.</summary>
    private static void CheckLogs(Findings findings, ResourceLogs logs)
    {
        var crashes = new[] { "crit:", "BackgroundService failed", "Unhandled exception." }.SelectMany(text => logs.Find(text, after: 3)).ToList();
        findings.Check(crashes.Count == 0, $"replica logs: no crash and no background service stopped ({crashes.Count}){string.Concat(crashes.Take(3).Select(c => "\n       " + c))}");
        var unhandled = logs.Find("ExceptionHandlerMiddleware", after: 4).ToList();
        findings.Check(unhandled.Count == 0, $"replica logs: no request failed with an unhandled exception ({unhandled.Count}){string.Concat(unhandled.Take(3).Select(u => "\n       " + u))}");
        findings.Note($"replica logs: {logs.Lines.Count:N0} lines; the verification log writer waited for PostgreSQL {logs.Find("verification log entries wait").Count()} time(s)");
    }

    /// <summary>Correct answers throughout, none slow; while PostgreSQL was down, 503s for what needs it, and only then.</summary>
    private static void CheckAnswers(Findings findings, IReadOnlyList<Sample> samples, TimeSpan stopping, TimeSpan stopped, TimeSpan starting)
    {
        var cached = samples.Where(s => s.Kind == Cached).ToList();
        var cachedWrong = cached.Where(s => s.Status != 200 || s.Verdict != VerificationStatus.Valid.WireName()).ToList();
        findings.Check(cachedWrong.Count == 0,
            $"cached verifications answered 200 valid throughout: {cached.Count - cachedWrong.Count} of {cached.Count}, during the outage {cached.Count(s => s.At >= stopped && s.At < starting && s.Status == 200)}{First(cachedWrong)}");

        var unknown = samples.Where(s => s.Kind == Unknown).ToList();
        var unknownWrong = unknown.Where(s => s.Status != 404 || s.Verdict != VerificationStatus.NotFound.WireName()).ToList();
        findings.Check(unknownWrong.Count == 0,
            $"unknown codes answered 404 not_found throughout: {unknown.Count - unknownWrong.Count} of {unknown.Count}, during the outage {unknown.Count(s => s.At >= stopped && s.At < starting && s.Status == 404)}{First(unknownWrong)}");

        var needing = samples.Where(s => !AnsweredWithoutPostgres(s)).ToList();
        var wrong = needing.Where(s => !Succeeded(s) && !IsUnavailable(s)).ToList();
        findings.Check(wrong.Count == 0,
            $"requests needing PostgreSQL answered either as usual or 503 problem+json with Retry-After: {wrong.Count} of {needing.Count} neither{First(wrong)}");

        var before = needing.Where(s => s.End < stopping).ToList();
        findings.Check(before.Count > 0 && before.All(Succeeded), $"before: {before.Count(Succeeded)} of {before.Count} requests needing PostgreSQL succeeded");

        var down = needing.Where(s => s.At >= stopped && s.End < starting).ToList();
        var downMax = down.Count > 0 ? down.Max(s => s.Took) : TimeSpan.Zero;
        findings.Check(down.Count > 0 && down.All(IsUnavailable) && downMax < FailFast,
            $"outage: {down.Count(IsUnavailable)} of {down.Count} requests needing PostgreSQL refused with 503, slowest {Figures.Ms(downMax)} (bound {Figures.Seconds(FailFast)}){First(down.Where(s => !IsUnavailable(s)))}");

        var slowest = samples.MaxBy(s => s.Took)!;
        findings.Check(slowest.Took < FailFast, $"no request took {Figures.Seconds(FailFast)} or more: slowest {slowest}");

        var unanswered = samples.Where(s => s.Status is 0 or 500 or 502 or 504).ToList();
        findings.Check(unanswered.Count == 0, $"no connection failure, 500, 502 or 504 through Nginx: {unanswered.Count}{First(unanswered)}");
    }

    /// <summary>Waits until no request needing PostgreSQL has failed for a while and every replica has answered some.</summary>
    private static async Task<(bool Recovered, TimeSpan At)> WaitForRecoveryAsync(LoadRun load, TimeSpan healthy)
    {
        while (true)
        {
            var needing = load.SoFar.Where(s => !AnsweredWithoutPostgres(s)).ToList();
            var lastFailure = needing.Where(s => !Succeeded(s)).Select(s => s.End).DefaultIfEmpty(healthy).Max();
            var since = Max(lastFailure, healthy);
            var succeededSince = needing.Where(s => s.At > since && Succeeded(s)).ToList();
            if (load.Elapsed - since >= CleanFor && TopologyFixture.ReplicaNames.All(name => succeededSince.Any(s => s.Instance == name)))
            {
                return (true, since);
            }

            if (load.Elapsed - healthy > RecoveryTimeout)
            {
                return (false, since);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Each replica's own view, asked directly (not through Nginx), polled for up to <paramref name="within"/>.</summary>
    private async Task CheckHealthAsync(Findings findings, string phase, int expectedStatus, string expected, TimeSpan within)
    {
        foreach (var name in TopologyFixture.ReplicaNames)
        {
            using var client = LoadRun.Client(topology.ReplicaUri(name), "faults-health");
            Sample health = null!;
            await Eventually.HoldsAsync(async () =>
            {
                health = await Sample.GetAsync(client, "health", "/api/health");
                return health.Status == expectedStatus && health.Verdict == expected;
            }, within);
            findings.Check(health.Status == expectedStatus && health.Verdict == expected && health.Took < FailFast,
                $"{phase}: {name} /api/health {health.Status} {health.Verdict} in {Figures.Ms(health.Took)}");

            // The probes: degraded yet ready and alive without PostgreSQL, which every replica shares: a platform must
            // neither take them all out of rotation nor restart them for that.
            var probes = expectedStatus == 200 ? [("/health", 200, "Healthy")] : new[] { ("/health", 200, "Degraded"), ("/alive", 200, "Healthy") };
            foreach (var (path, status, text) in probes)
            {
                var (code, body, took) = await Probes.AskUntilAsync(client, path, status, text);
                findings.Check(code == status && body == text && took < ProbeTimeout,
                    $"{phase}: {name} {path} {code} {body} in {Figures.Ms(took)}");
            }
        }
    }

    /// <summary>
    /// Every verification answered is in the log, those answered from the cache during the outage included: the log
    /// writer kept them until PostgreSQL returned. (No request failed over between replicas, so none is logged twice.)
    /// Issued codes have a row for those alike in a batch, with their count; unknown ones are counted (<c>unknown_code_verifications</c>), and this test is
    /// the only one sending any while it runs.
    /// </summary>
    private async Task CheckVerificationsLoggedAsync(Findings findings, IReadOnlyList<Sample> samples, string userAgent, long unknownBefore)
    {
        var answered = samples.Count(s => s.Kind == Cached && s.Status == 200);
        var unknown = samples.Count(s => s.Kind == Unknown && s.Status == 404);
        await using var connection = await topology.OpenDatabaseAsync();
        long logged = 0, counted = 0;
        var complete = await Eventually.HoldsAsync(async () =>
        {
            await using var count = new NpgsqlCommand("""SELECT coalesce(sum("Count"), 0)::bigint FROM verifications WHERE "UserAgent" = $1""", connection)
            {
                Parameters = { new() { Value = userAgent } },
            };
            logged = (long)(await count.ExecuteScalarAsync())!;
            counted = await UnknownCodeCounts.SumAsync(connection) - unknownBefore;
            return logged >= answered && counted >= unknown;
        }, TimeSpan.FromSeconds(30));
        findings.Check(complete && logged == answered && counted == unknown,
            $"verification log: {logged} counted in rows for {answered} cached verifications, {counted} counted for {unknown} unknown codes (outage included)");
    }

    private async Task<List<int>> ProcessIdsAsync()
    {
        var ids = new List<int>();
        foreach (var name in TopologyFixture.ReplicaNames)
        {
            ids.Add(await topology.ProcessIdAsync(name));
        }

        return ids;
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string apiKey)
    {
        request.Headers.Authorization = new("Bearer", apiKey);
        return request;
    }

    private static bool Succeeded(Sample s) => s.Status is 200 or 201;

    /// <summary>Refused by a replica (it says which), with a problem and when to retry.</summary>
    private static bool IsUnavailable(Sample s) => s.Status == 503 && s.MediaType == "application/problem+json" && s.RetryAfter && s.Instance is not null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string First(IEnumerable<Sample> samples) => samples.FirstOrDefault() is { } first ? $"; first: {first}" : "";
}
