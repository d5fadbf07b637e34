using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CertVerify.Tests.Certificates;

/// <summary>
/// The dry run's <c>preview</c>: the rows as the server read them (what the console's bulk page shows), at most 100,
/// and only in dry runs.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class BulkPreviewTests(InProcessFixture app)
{
    [Fact]
    public async Task A_dry_run_echoes_the_rows_as_read_and_a_real_run_does_not()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var tag = Guid.NewGuid().ToString("N")[..10];
        var csv = $"""
            Title,recipientName,recipientEmail,issuedAt,expiresAt,meta.grade
            "Quoted, title {tag}",Ada {tag},ada@example.test,2026-01-31,,A
            Bad date {tag},Bob {tag},,31/01/2026,2030-01-01T10:00:00+02:00,
            """;

        using (var dry = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk?dryRun=true", CsvContent.Of(csv)))
        {
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
            var report = await dry.Content.ReadFromJsonAsync<JsonElement>();
            var preview = report.GetProperty("preview");
            Assert.Equal(2, preview.GetArrayLength());
            var ada = preview[0];
            Assert.Equal(1, ada.GetProperty("row").GetInt32());
            Assert.Equal($"Quoted, title {tag}", ada.GetProperty("title").GetString());
            Assert.Equal($"Ada {tag}", ada.GetProperty("recipientName").GetString());
            Assert.Equal("ada@example.test", ada.GetProperty("recipientEmail").GetString());
            Assert.Equal(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero), ada.GetProperty("issuedAt").GetDateTimeOffset());
            Assert.Equal("A", ada.GetProperty("metadata").GetProperty("grade").GetString());
            var bob = preview[1];
            Assert.Equal(2, bob.GetProperty("row").GetInt32());
            Assert.Equal(JsonValueKind.Null, bob.GetProperty("issuedAt").ValueKind); // unreadable: reported as an error
            Assert.Equal(new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)), bob.GetProperty("expiresAt").GetDateTimeOffset());
            Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.GetProperty("row").GetInt32() == 2 && e.GetProperty("field").GetString() == "issuedAt");
        }

        using (var real = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk", CsvContent.Of(csv)))
        {
            Assert.Equal(HttpStatusCode.MultiStatus, real.StatusCode);
            Assert.False((await real.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("preview", out _));
        }

        var many = new StringBuilder("recipientName,title\n");
        for (var i = 1; i <= 150; i++)
        {
            many.Append($"Person {i},Many {tag}\n");
        }

        using var large = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk?dryRun=true", CsvContent.Of(many.ToString()));
        var largeReport = await large.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(150, largeReport.GetProperty("issued").GetInt32());
        Assert.Equal(100, largeReport.GetProperty("preview").GetArrayLength());
        Assert.Equal(100, largeReport.GetProperty("preview")[99].GetProperty("row").GetInt32());
    }
}
