using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertVerify.Tests.Support;
using CertVerify.Web.Certificates;
using CertVerify.Web.Verification;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CertVerify.Tests.Verification;

/// <summary>
/// The verification log's cost follows batches, not verifications: under steady load it writes one batch per pause
/// (plus full ones when it falls behind), not a transaction for whatever arrived during the previous write.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class VerificationLogBatchingTests(InProcessFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task Steady_load_is_written_a_batch_per_pause()
    {
        var log = app.Factory.Services.GetRequiredService<VerificationLog>();
        using var batches = new CounterTotal(VerificationLog.BatchesMetric, app.Factory.Services.GetRequiredService<IMeterFactory>());

        // About 1,500 entries a second for 3 s, one or two every millisecond, as requests arrive (a thread of its own, so
        // that arrivals keep coming while a batch is written), for a certificate id of this test's own.
        var certificateId = Guid.CreateVersion7();
        var clock = Stopwatch.StartNew();
        var entries = await Task.Factory.StartNew(() =>
        {
            var count = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                for (; count < clock.Elapsed.TotalSeconds * 1_500; count++)
                {
                    log.Enqueue(new VerificationRecord
                    {
                        CertificateId = certificateId,
                        Code = "CV0000000000000000BATCH",
                        Result = VerificationStatus.Valid,
                        At = DateTimeOffset.UtcNow,
                        ClientIp = "203.0.113.91",
                        InstanceId = InProcessFixture.InstanceId,
                    });
                }

                Thread.Sleep(1);
            }

            return count;
        }, TaskCreationOptions.LongRunning);

        var written = batches.Value;
        output.WriteLine($"{entries} entries in {clock.Elapsed.TotalSeconds:F1} s: {written} batches written");

        // A pause is 0.5 s: 6 pauses, each one batch (750 entries, under the batch size of 1,000); on a slow machine
        // fewer, longer pauses with a full batch more each (at most 4,500 / 1,000 of those). Writing whatever arrived
        // during the previous write gave 38 here, and more the faster PostgreSQL answers.
        Assert.InRange(written, 1, 15);
    }
}
