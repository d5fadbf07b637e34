using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using CertVerify.Web.Certificates;
using Npgsql;
using Xunit.Abstractions;

namespace CertVerify.Tests.Faults;

/// <summary>
/// Issuing systems retry what they could not confirm. 500 certificates are issued through Nginx by concurrent
/// clients, each with its own Idempotency-Key, while a replica is killed (SIGKILL) and started again: a request the
/// dying replica had taken is answered 502 by Nginx (which never retries a POST), and the client sends it again with
/// the same key until it is acknowledged. PostgreSQL then holds exactly one certificate per key, the acknowledged one.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(FaultsCollection.Name)]
public sealed class ExactlyOnceIssuingTests(FaultsTopologyFixture topology, ITestOutputHelper output)
{
    private const string Victim = "web-1";
    private const int Issues = 500;
    private const int Clients = 8;
    private const int KillAfter = 200;
    private static readonly TimeSpan DeadFor = TimeSpan.FromSeconds(3);

    /// <summary>Attempts of one issue before the test gives up on it; a few are expected around the kill.</summary>
    private const int MaxAttempts = 30;

    /// <summary>All 500 acknowledged within this, the replica's restart included, or the test fails.</summary>
    private static readonly TimeSpan IssuingTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Keys sent again afterwards, besides every key that needed a retry.</summary>
    private const int ReplaySample = 25;

    [Fact(Timeout = 9 * 60_000)]
    public async Task Issues_retried_with_their_keys_through_a_replica_kill_make_exactly_one_certificate_each()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var title = $"Exactly once {run}";
        using var admin = await topology.SignInAsAdminAsync();
        using var client = LoadRun.Client(topology.NginxUri, $"faults-exactly-once-{run}");
        client.DefaultRequestHeaders.Authorization = new("Bearer", await admin.CreateApiKeyAsync($"exactly-once-{run}"));

        var clock = Stopwatch.StartNew();
        var attempts = new ConcurrentQueue<Sample>();
        var acknowledged = new ConcurrentDictionary<int, Guid>();
        var givenUp = new ConcurrentQueue<string>();
        using var deadline = new CancellationTokenSource(IssuingTimeout);

        async Task IssueAsync(int n)
        {
            for (var attempt = 1; !deadline.IsCancellationRequested; attempt++)
            {
                var sample = await Sample.TakeAsync(client, n.ToString(), Request(run, title, n), clock);
                attempts.Enqueue(sample);
                if (sample.Status == 201)
                {
                    acknowledged[n] = Guid.Parse(sample.Id!);
                    return;
                }

                if (!Ambiguous(sample) || attempt == MaxAttempts)
                {
                    givenUp.Enqueue($"issue {n} after {attempt} attempt(s): {sample}");
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)));
            }
        }

        var next = -1;
        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n < Issues; n = Interlocked.Increment(ref next))
            {
                await IssueAsync(n);
            }
        })).ToList();

        // The fault, alongside: once enough are acknowledged, kill the replica, then start it again.
        TimeSpan killed = default, healthy = default;
        try
        {
            while (acknowledged.Count < KillAfter && !clients.All(c => c.IsCompleted))
            {
                await Task.Delay(20);
            }

            killed = clock.Elapsed;
            await topology.KillResourceAsync(Victim);
            await Task.Delay(DeadFor);
            await topology.StartResourceAsync(Victim);
            healthy = clock.Elapsed;
        }
        finally
        {
            await Task.WhenAll(clients);
            await topology.EnsureRunningAsync(Victim);
        }

        var issuing = clock.Elapsed;
        var samples = attempts.OrderBy(s => s.At).ToList();
        var retried = samples.GroupBy(s => s.Kind).Where(g => g.Count() > 1).ToDictionary(g => int.Parse(g.Key), g => g.Count());
        output.WriteLine($"{Issues:N0} issues with an Idempotency-Key each, {Clients} concurrent clients through Nginx, {Victim} killed (SIGKILL) after {KillAfter} acknowledged");
        output.WriteLine($"  {samples.Count:N0} requests in {Figures.Seconds(issuing)} ({Issues / issuing.TotalSeconds:0} issues/s); {acknowledged.Count:N0} acknowledged; answers: {Figures.Statuses(samples)}");
        output.WriteLine($"  retries: {samples.Count - acknowledged.Count - givenUp.Count:N0} requests, for {retried.Count} issue(s), at most {retried.Values.DefaultIfEmpty(1).Max()} attempts for one");
        output.WriteLine($"  acknowledged requests: {Figures.Latency(samples.Where(s => s.Status == 201))}; answered by {Figures.AnsweredBy(samples.Where(s => s.Status == 201))}");
        output.WriteLine($"  {Victim} killed at {Figures.Seconds(killed)}, healthy again at {Figures.Seconds(healthy)}");
        foreach (var failure in samples.Where(s => s.Status != 201).Take(20))
        {
            output.WriteLine($"  retried after: issue {failure}");
        }

        Assert.True(givenUp.IsEmpty, $"{givenUp.Count} issue(s) not acknowledged: {string.Join("; ", givenUp.Take(5))}");
        Assert.True(acknowledged.Count == Issues, $"{acknowledged.Count} of {Issues} acknowledged within {IssuingTimeout.TotalMinutes} minutes");
        Assert.True(killed > TimeSpan.Zero && samples.Any(s => s.At > killed && s.Status == 201), "the replica was killed while issuing went on");

        await CheckStoredExactlyOnceAsync(run, title, acknowledged);
        await CheckReplaysAsync(client, run, title, acknowledged, retried.Keys);
    }

    /// <summary>One certificate per issue in PostgreSQL, the acknowledged one, and one idempotency record per key pointing at it.</summary>
    private async Task CheckStoredExactlyOnceAsync(string run, string title, IReadOnlyDictionary<int, Guid> acknowledged)
    {
        await using var connection = await topology.OpenDatabaseAsync();
        var certificates = await ReadPairsAsync(connection, """SELECT "Title", "Id" FROM certificates WHERE "Title" LIKE $1""", $"{title} #%");
        var keys = await ReadPairsAsync(connection, """SELECT "Key", "CertificateId" FROM idempotency_keys WHERE "Key" LIKE $1""", $"{run}-%");

        var expectedTitles = acknowledged.ToDictionary(a => Title(title, a.Key), a => a.Value);
        var expectedKeys = acknowledged.ToDictionary(a => Key(run, a.Key), a => a.Value);
        output.WriteLine($"  PostgreSQL: {certificates.Count:N0} certificates ({certificates.Select(c => c.Name).Distinct().Count():N0} distinct titles), {keys.Count:N0} idempotency keys");

        Assert.Equal(Issues, certificates.Count);
        Assert.Equal(Issues, certificates.Select(c => c.Name).Distinct().Count());
        Assert.Equal(Issues, keys.Count);
        Assert.Equal(expectedTitles.OrderBy(e => e.Key), certificates.ToDictionary(c => c.Name, c => c.Id).OrderBy(e => e.Key));
        Assert.Equal(expectedKeys.OrderBy(e => e.Key), keys.ToDictionary(k => k.Name, k => k.Id).OrderBy(e => e.Key));
    }

    /// <summary>Sending a key again, after any number of retries, gives back the certificate acknowledged the first time.</summary>
    private async Task CheckReplaysAsync(HttpClient client, string run, string title, IReadOnlyDictionary<int, Guid> acknowledged, IEnumerable<int> retried)
    {
        var clock = Stopwatch.StartNew();
        var replayed = retried.Concat(Enumerable.Range(0, Issues).Where(n => n % (Issues / ReplaySample) == 0)).Distinct().ToList();
        var mismatched = new List<string>();
        foreach (var n in replayed)
        {
            var sample = await Sample.TakeAsync(client, n.ToString(), Request(run, title, n), clock);
            if (sample.Status != 201 || sample.Id != acknowledged[n].ToString())
            {
                mismatched.Add($"issue {n}: {sample} id {sample.Id}, acknowledged {acknowledged[n]}");
            }
        }

        output.WriteLine($"  replays: {replayed.Count} keys sent again, {replayed.Count - mismatched.Count} answered 201 with the acknowledged certificate");
        Assert.True(mismatched.Count == 0, string.Join("\n", mismatched.Take(10)));
    }

    private static HttpRequestMessage Request(string run, string title, int n)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates")
        {
            Content = JsonContent.Create(new { recipientName = $"Recipient {n}", title = Title(title, n), metadata = new Dictionary<string, string> { ["run"] = run } }),
        };
        request.Headers.Add(IdempotencyRecord.Header, Key(run, n));
        return request;
    }

    private static string Title(string title, int n) => $"{title} #{n:0000}";

    private static string Key(string run, int n) => $"{run}-{n}";

    /// <summary>No answer, or one that says the request may or may not have been carried out: send it again.</summary>
    private static bool Ambiguous(Sample sample) => sample.Status is 0 or 502 or 503 or 504;

    private static async Task<List<(string Name, Guid Id)>> ReadPairsAsync(NpgsqlConnection connection, string sql, string pattern)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = pattern } } };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, Guid)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetGuid(1)));
        }

        return rows;
    }
}
