using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Verification;

/// <summary>
/// The public verification API on one instance in process: codes as people type them, verdicts, the log, history and
/// statistics, and the cache in front of the database.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class VerificationTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _public = app.CreateClient();

    [Fact]
    public async Task A_verdict_shows_the_certificate_without_personal_data()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new
        {
            recipientName = "Ada Lovelace",
            recipientEmail = "ada@example.test",
            title = "Analytical Engines 101",
            metadata = new Dictionary<string, string> { ["grade"] = "A", ["ünïcødé"] = "名前" },
        });
        var code = certificate.GetProperty("code").GetString()!;
        Assert.Matches("^CV(-[0-9A-HJKMNP-TV-Z]{4}){5}$", code);
        Assert.EndsWith($"/verify/{code}", certificate.GetProperty("verifyUrl").GetString());

        var verdict = await Verdicts.FoundAsync(_public, code);
        Assert.Equal("valid", verdict.GetProperty("status").GetString());
        Assert.Equal(InProcessFixture.InstanceId, verdict.GetProperty("instanceId").GetString());
        var shown = verdict.GetProperty("certificate");
        Assert.Equal("Ada Lovelace", shown.GetProperty("recipientName").GetString());
        Assert.Equal("Analytical Engines 101", shown.GetProperty("title").GetString());
        Assert.DoesNotContain("ada@example.test", verdict.GetRawText());
    }

    [Fact]
    public async Task Codes_are_read_the_way_people_type_them()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var code = (await staff.IssueCertificateAsync(new { recipientName = "B", title = "T" })).GetProperty("code").GetString()!;
        var bare = code.Replace("-", "")[2..];

        foreach (var typed in new[] { code.ToLowerInvariant(), bare, $"  {code[..7]} {code[7..]} ", bare.Replace('0', 'O').Replace('1', 'I') })
        {
            Assert.Equal(code, (await Verdicts.FoundAsync(_public, typed)).GetProperty("code").GetString());
        }

        using var posted = await _public.PostAsJsonAsync("/api/verify", new { code = bare });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(code, (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("CV-0000-0000-0000-0000-0000", HttpStatusCode.NotFound)]
    [InlineData("CV-1234", HttpStatusCode.BadRequest)]
    [InlineData("CV-UUUU-UUUU-UUUU-UUUU-UUUU", HttpStatusCode.BadRequest)]
    [InlineData("'; DROP TABLE certificates;--", HttpStatusCode.BadRequest)]
    [InlineData("<script>alert(1)</script>", HttpStatusCode.BadRequest)]
    public async Task Unknown_codes_are_not_found_and_malformed_ones_are_refused(string code, HttpStatusCode expected)
    {
        var (status, body) = await Verdicts.GetAsync(_public, code);
        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.Equal("not_found", body.GetProperty("status").GetString());
        }
        else
        {
            Assert.Contains("code", Problems.FieldsNamed(body));
        }
    }

    [Fact]
    public async Task Expiry_is_judged_when_verifying()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var past = DateTimeOffset.UtcNow.AddYears(-2);
        var code = (await staff.IssueCertificateAsync(new { recipientName = "C", title = "Old", issuedAt = past, expiresAt = past.AddYears(1) }))
            .GetProperty("code").GetString()!;

        Assert.Equal("expired", (await Verdicts.FoundAsync(_public, code)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Hostile_text_is_stored_and_returned_as_data()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        const string name = "<script>alert('x')</script> Robert'); DROP TABLE certificates;--";
        var code = (await staff.IssueCertificateAsync(new { recipientName = name, title = "<b>bold</b>" })).GetProperty("code").GetString()!;
        var verdict = await Verdicts.FoundAsync(_public, code);
        Assert.Equal(name, verdict.GetProperty("certificate").GetProperty("recipientName").GetString());
        Assert.Equal("<b>bold</b>", verdict.GetProperty("certificate").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_for_an_uncached_code_cost_at_most_one_query()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var code = (await staff.IssueCertificateAsync(new { recipientName = "S", title = "Stampede" })).GetProperty("code").GetString()!;
        using var admin = await app.SignInAsAdminAsync();
        var before = await MissesAsync(admin);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => (await Verdicts.GetAsync(_public, code)).Status));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.InRange(await MissesAsync(admin) - before, 0, 1);
    }

    private static async Task<long> MissesAsync(ApiSession admin) =>
        (await admin.GetJsonAsync("/api/instances/self")).GetProperty("cache").GetProperty("misses").GetInt64();

    [Fact]
    public async Task Unknown_codes_are_counted_by_minute_and_address_instead_of_a_row_each()
    {
        // A client address of its own (loopback is a trusted proxy), so that only this test's verifications are counted.
        var client = $"198.51.100.{Random.Shared.Next(1, 255)}";
        using var flood = app.CreateClient();
        flood.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        await using var database = await app.OpenDatabaseAsync();
        var before = await UnknownCodeCounts.SumAsync(database, client);
        var codes = Enumerable.Range(0, 30).Select(_ => CertVerify.Web.Certificates.CertificateCode.NewCode()).ToList();
        foreach (var code in codes)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Verdicts.GetAsync(flood, code)).Status);
        }

        // Written off the request path, within a second or so; at most a row per minute for this address.
        var counted = await Eventually.UntilAsync(async () => await UnknownCodeCounts.SumAsync(database, client) - before,
            n => n >= codes.Count, TimeSpan.FromSeconds(10));
        Assert.Equal(codes.Count, counted);
        await using var buckets = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM unknown_code_verifications WHERE "ClientIp" = $1""", database)
        {
            Parameters = { new() { Value = client } },
        };
        Assert.InRange((long)(await buckets.ExecuteScalarAsync())!, 1, 2); // one a minute: the test may straddle two
        await using var rows = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM verifications WHERE "Code" = ANY($1)""", database)
        {
            Parameters = { new() { Value = codes.ToArray() } },
        };
        Assert.Equal(0L, await rows.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Issuers_see_who_verified_their_certificates_and_daily_counts()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var other = await app.SignInNewUserAsync("Staff");
        var issued = await staff.IssueCertificateAsync(new { recipientName = "V", title = "Visited" });
        var (id, code) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("code").GetString()!);
        await staff.IssueCertificateAsync(new { recipientName = "W", title = "Second" });
        for (var i = 0; i < 3; i++)
        {
            await Verdicts.FoundAsync(_public, code);
        }

        // Verifications are logged off the request path, within a second or so; alike ones in a batch share an entry.
        static int Times(JsonElement history) => history.GetProperty("items").EnumerateArray().Sum(v => v.GetProperty("count").GetInt32());
        var history = await Eventually.UntilAsync(() => staff.GetJsonAsync($"/api/certificates/{id}/verifications"),
            h => Times(h) == 3, TimeSpan.FromSeconds(10));
        Assert.Equal(3, Times(history));
        Assert.InRange(history.GetProperty("total").GetInt32(), 1, 3);
        Assert.All(history.GetProperty("items").EnumerateArray(), v => Assert.Equal("valid", v.GetProperty("result").GetString()));

        var stats = await staff.GetJsonAsync("/api/stats?days=7");
        Assert.Equal(2, stats.GetProperty("issued").GetInt32());
        Assert.Equal(2, stats.GetProperty("active").GetInt32());
        Assert.Equal(3, stats.GetProperty("verifications").GetInt32());
        Assert.Equal(7, stats.GetProperty("verificationsPerDay").GetArrayLength());
        Assert.Equal(3, stats.GetProperty("verificationsPerDay")[6].GetProperty("count").GetInt32());

        using var foreign = await other.Client.GetAsync($"/api/certificates/{id}/verifications");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(0, (await other.GetJsonAsync("/api/stats")).GetProperty("issued").GetInt32());
        foreach (var days in new[] { "0", "367", "many" })
        {
            using var bad = await staff.Client.GetAsync($"/api/stats?days={days}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
    }

    public void Dispose() => _public.Dispose();
}
