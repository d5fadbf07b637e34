using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace CertVerify.Tests.Faults;

/// <summary>
/// A thousand notifications are written to the outbox while the SMTP server is down, then a replica is killed (SIGKILL)
/// while the three replicas send them: every one arrives, and none twice. Sending while the server is away costs the
/// messages nothing; a killed sender's locked row is unlocked by its death and sent by another replica.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(FaultsCollection.Name)]
public sealed class MailOutboxFaultTests(FaultsTopologyFixture topology, ITestOutputHelper output)
{
    private const int Mails = 1000;
    private const string MailServer = "mail";
    private const string Victim = "web-2";

    [Fact(Timeout = 5 * 60_000)]
    public async Task Mail_pending_while_SMTP_is_down_and_a_replica_dies_is_all_delivered_once()
    {
        using var admin = await topology.SignInAsAdminAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var recipients = Enumerable.Range(0, Mails).Select(i => $"outbox-{run}-{i}@example.test").ToList();

        await topology.StopResourceAsync(MailServer);
        TimeSpan issuing;
        try
        {
            var clock = Stopwatch.StartNew();
            var rows = recipients.Select((email, i) => new { recipientName = $"Outbox {i}", recipientEmail = email, title = "Outbox fault test" });
            using var issued = await admin.SendAsync(HttpMethod.Post, "/api/certificates/bulk", rows);
            issuing = clock.Elapsed;
            Assert.True(issued.StatusCode == HttpStatusCode.Created, $"{(int)issued.StatusCode} {await issued.Content.ReadAsStringAsync()}");
            var waiting = await admin.GetJsonAsync("/api/mail/outbox/summary");
            Assert.True(waiting.GetProperty("pending").GetInt32() >= Mails, $"with SMTP down: {waiting}");
        }
        finally
        {
            await topology.StartResourceAsync(MailServer); // its inbox starts empty: it keeps mail in memory
        }

        using var inbox = topology.Inbox();
        async Task<List<MailInbox.Message>> MineAsync() =>
            (await inbox.ListAsync()).Where(m => m.To.Any(to => to.StartsWith($"outbox-{run}-", StringComparison.Ordinal))).ToList();

        var sending = Stopwatch.StartNew();
        var beforeKill = await Eventually.UntilAsync(MineAsync, m => m.Count >= 50, TimeSpan.FromSeconds(60));
        Assert.True(beforeKill.Count >= 50, $"{beforeKill.Count} messages arrived within 60 s of the SMTP server's return");
        await topology.KillResourceAsync(Victim);
        List<MailInbox.Message> arrived;
        try
        {
            arrived = await Eventually.UntilAsync(MineAsync, m => m.Count >= Mails, TimeSpan.FromSeconds(90));
            var delivered = sending.Elapsed;
            // Whatever a dead sender had locked is sent by now; a late second copy would show up within this pause.
            await Task.Delay(TimeSpan.FromSeconds(2));
            arrived = await MineAsync();
            output.WriteLine($"{Mails} notifications: bulk issue {issuing.TotalSeconds:0.00} s with SMTP down; {beforeKill.Count} arrived before {Victim} was killed, " +
                $"all {arrived.Count} within {delivered.TotalSeconds:0.0} s of SMTP's return");
        }
        finally
        {
            await topology.EnsureRunningAsync(Victim);
        }

        var byRecipient = arrived.GroupBy(m => m.To.Single()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Empty(recipients.Where(r => !byRecipient.ContainsKey(r)));                 // none lost
        Assert.Empty(byRecipient.Where(r => r.Value > 1).Select(r => $"{r.Key} x{r.Value}")); // none twice
        Assert.Equal(Mails, arrived.Count);
        var summary = await admin.GetJsonAsync("/api/mail/outbox/summary");
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
    }
}
