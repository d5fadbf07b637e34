using System.Diagnostics;
using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;
using Xunit.Abstractions;

namespace CertVerify.Tests.Faults;

/// <summary>
/// A replica dies (SIGKILL: no graceful shutdown, its connections reset) while verifications pour in through Nginx,
/// and is started again a few seconds later: no client sees a failure or a wrong answer, since Nginx passes a GET
/// that failed on the dead replica to the next one, and the restarted replica gets traffic again without a reload.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(FaultsCollection.Name)]
public sealed class ReplicaKillTests(FaultsTopologyFixture topology, ITestOutputHelper output)
{
    private const string Victim = "web-2";
    private const int Workers = 8;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(25);
    private const int Codes = 20;
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeadFor = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(20);

    /// <summary>How long after it is healthy again the restarted replica has to get its share of traffic.</summary>
    private static readonly TimeSpan RejoinTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Requests the restarted replica must answer before the load stops.</summary>
    private const int AnsweredAfterRestart = 50;

    [Fact(Timeout = 6 * 60_000)]
    public async Task Killing_a_replica_under_load_fails_no_request_and_it_rejoins_without_reloading_Nginx()
    {
        using var admin = await topology.SignInAsAdminAsync();
        var valid = new List<string>();
        for (var i = 0; i < Codes; i++)
        {
            valid.Add((await admin.IssueCertificateAsync(new { recipientName = "Replica Kill", title = $"Kill test {i}" })).GetProperty("code").GetString()!);
        }

        var unknown = Enumerable.Range(0, Codes).Select(_ => CertificateCode.Format(CertificateCode.NewCode())).ToList();
        var processBefore = await topology.ProcessIdAsync(Victim);

        // Warm-up, so the figures before the kill are not those of replicas compiling their code.
        using var client = LoadRun.Client(topology.NginxUri, "faults-replica-kill");
        foreach (var code in valid.Concat(unknown))
        {
            using var api = await client.GetAsync($"/api/verify/{code}");
            using var page = await client.GetAsync($"/verify/{code}");
        }
        LoadRun? load = null;
        load = new LoadRun(Workers, Pause, n =>
        {
            // Valid and unknown codes in turn; every fourth request is the public page instead of the API.
            var (code, kind) = n % 2 == 0 ? (valid[(int)(n / 2 % Codes)], VerificationStatus.Valid.WireName()) : (unknown[(int)(n / 2 % Codes)], VerificationStatus.NotFound.WireName());
            return n % 4 < 2
                ? load!.GetAsync(client, kind, $"/api/verify/{code}")
                : load!.GetAsync(client, kind, $"/verify/{code}");
        });

        TimeSpan killed, exited, starting, healthy;
        IReadOnlyList<Sample> samples;
        try
        {
            await Task.Delay(KillAt);
            killed = load.Elapsed;
            await topology.KillResourceAsync(Victim);
            exited = load.Elapsed;

            await Task.Delay(DeadFor);
            starting = load.Elapsed;
            await topology.StartResourceAsync(Victim);
            healthy = load.Elapsed;

            // Keep the load on until it has run its time and the restarted replica has answered its share.
            var rejoined = Stopwatch.StartNew();
            while ((load.Elapsed < LoadFor || load.SoFar.Count(s => s.Instance == Victim && s.At > healthy) < AnsweredAfterRestart)
                && rejoined.Elapsed < RejoinTimeout)
            {
                await Task.Delay(200);
            }
        }
        finally
        {
            samples = await load.StopAsync();
            await topology.EnsureRunningAsync(Victim);
        }

        var processAfter = await topology.ProcessIdAsync(Victim);
        var wrong = samples.Where(s => !IsCorrect(s)).ToList();
        output.WriteLine($"Kill {Victim} (SIGKILL) under load through Nginx: {Workers} workers ({Figures.Ms(Pause)} pause) for {Figures.Seconds(samples[^1].End)}, valid and unknown codes, API and page");
        output.WriteLine($"  all:                      {Figures.Latency(samples)}; {wrong.Count} failed or wrong");
        Phase("before the kill", samples.Where(s => s.At < killed));
        Phase($"{Victim} killed, until healthy", samples.Where(s => s.At >= killed && s.At < healthy));
        Phase($"{Victim} healthy again", samples.Where(s => s.At >= healthy));
        output.WriteLine($"  {Victim} killed at {Figures.Seconds(killed)} (seen exited {Figures.Ms(exited - killed)} later), started at {Figures.Seconds(starting)}, healthy at {Figures.Seconds(healthy)} ({Figures.Seconds(healthy - starting)} to start); down {Figures.Seconds(healthy - killed)}");
        var firstAnswer = samples.FirstOrDefault(s => s.Instance == Victim && s.At > starting);
        output.WriteLine($"  first answer from {Victim} through Nginx after the restart: {(firstAnswer is null ? "none" : $"{Figures.Seconds(firstAnswer.End)} ({Figures.Seconds(firstAnswer.End - starting)} after the start was asked)")}");
        output.WriteLine($"  process {processBefore} before, {processAfter} after");
        foreach (var failure in wrong.Take(20))
        {
            output.WriteLine($"  FAILED {failure}");
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {samples.Count} requests failed or were answered wrongly, first: {wrong.FirstOrDefault()}");
        Assert.NotEqual(processBefore, processAfter);
        var answeredAfter = samples.Count(s => s.Instance == Victim && s.At > healthy);
        Assert.True(answeredAfter >= AnsweredAfterRestart,
            $"{Victim} answered {answeredAfter} requests through Nginx within {RejoinTimeout.TotalSeconds:0} s of being healthy again (expected {AnsweredAfterRestart})");
    }

    private void Phase(string name, IEnumerable<Sample> samples)
    {
        var list = samples.ToList();
        output.WriteLine($"  {name + ":",-25} {Figures.Latency(list)}; answered by {Figures.AnsweredBy(list)}");
    }

    /// <summary>A valid code is valid (200), an unknown one not found (404), from the API and the page alike.</summary>
    private static bool IsCorrect(Sample sample) =>
        sample.Verdict == sample.Kind && sample.Status == (sample.Kind == VerificationStatus.Valid.WireName() ? 200 : 404);
}
