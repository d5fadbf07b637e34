using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertVerify.Tests.Support;
using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;
using CertVerify.Web.Verification;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CertVerify.Tests.Verification;

/// <summary>
/// The verification log's cost follows batches, not verifications: under steady load it writes one batch per pause
/// (plus full ones when it falls behind), not a transaction for whatever arrived during the previous write, and
/// verifications alike in a batch take one row with their count.
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

    [Fact]
    public async Task Verifications_alike_in_a_batch_are_one_row_with_their_count()
    {
        var certificateId = Guid.CreateVersion7();
        var first = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var sent = new[] { ("reader-a", VerificationStatus.Valid, 300), ("reader-b", VerificationStatus.Valid, 100), ("reader-a", VerificationStatus.Expired, 50) };
        var log = app.Factory.Services.GetRequiredService<VerificationLog>();
        var at = first;
        foreach (var (userAgent, result, times) in sent)
        {
            for (var i = 0; i < times; i++, at = at.AddMilliseconds(1))
            {
                log.Enqueue(new VerificationRecord
                {
                    CertificateId = certificateId,
                    Code = "CV0000000000000000ALIKE",
                    Result = result,
                    At = at,
                    ClientIp = "203.0.113.92",
                    UserAgent = userAgent,
                    InstanceId = InProcessFixture.InstanceId,
                });
            }
        }

        await using var database = await app.OpenDatabaseAsync();
        var written = await Eventually.UntilAsync(() => RowsAsync(database, certificateId),
            rows => rows.Sum(r => r.Times) == 450, TimeSpan.FromSeconds(10));
        foreach (var row in written)
        {
            output.WriteLine($"{row.UserAgent} {row.Result}: {row.Rows} rows, {row.Times} times, first at {row.First:O}");
        }

        foreach (var (userAgent, result, times) in sent)
        {
            var row = Assert.Single(written, r => r.UserAgent == userAgent && r.Result == result.WireName());
            Assert.Equal(times, row.Times);
            // One row; two when a write began while they were being queued.
            Assert.InRange(row.Rows, 1, 2);
        }

        Assert.Equal(first, written.Min(r => r.First));
    }

    private sealed record Written(string UserAgent, string Result, long Rows, long Times, DateTimeOffset First);

    private static async Task<List<Written>> RowsAsync(Npgsql.NpgsqlConnection database, Guid certificateId)
    {
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT "UserAgent", "Result", count(*), sum("Count")::bigint, min("At") FROM verifications
            WHERE "CertificateId" = $1 GROUP BY 1, 2
            """, database)
        {
            Parameters = { new() { Value = certificateId } },
        };
        var rows = new List<Written>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rows;
    }
}
