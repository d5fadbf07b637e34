using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using CertVerify.Tests.Topology;
using Npgsql;

namespace CertVerify.Tests.Certificates;

/// <summary>Issuing, verifying and revoking through Nginx, checked on each of the three replicas.</summary>
[Collection(TopologyCollection.Name)]
public sealed class CertificatesTests(TopologyFixture topology)
{
    private async Task<ApiSession> NewStaffAsync()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        return await ApiSession.SignInAsync(topology.NginxUri, email, password);
    }

    private static async Task<JsonElement> IssueAsync(ApiSession issuer, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", issuer.CsrfToken);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await issuer.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> VerifyOnAsync(string replica, string code)
    {
        using var client = new HttpClient { BaseAddress = topology.ReplicaUri(replica) };
        using var response = await client.GetAsync($"/api/verify/{Uri.EscapeDataString(code)}");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Issued_on_one_replica_verifies_on_all_without_personal_data()
    {
        using var staff = await NewStaffAsync();
        var certificate = await IssueAsync(staff, new
        {
            recipientName = "Ada Lovelace",
            recipientEmail = "ada@example.test",
            title = "Analytical Engines 101",
            metadata = new Dictionary<string, string> { ["grade"] = "A", ["ünïcødé"] = "名前" },
        });
        var code = certificate.GetProperty("code").GetString()!;
        Assert.Matches("^CV(-[0-9A-HJKMNP-TV-Z]{4}){5}$", code);
        Assert.EndsWith($"/verify/{code}", certificate.GetProperty("verifyUrl").GetString());

        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            var (status, verdict) = await VerifyOnAsync(replica, code);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("valid", verdict.GetProperty("status").GetString());
            Assert.Equal(replica, verdict.GetProperty("instanceId").GetString());
            var shown = verdict.GetProperty("certificate");
            Assert.Equal("Ada Lovelace", shown.GetProperty("recipientName").GetString());
            Assert.Equal("Analytical Engines 101", shown.GetProperty("title").GetString());
            Assert.DoesNotContain("ada@example.test", verdict.GetRawText());
        }
    }

    [Fact]
    public async Task Codes_are_read_the_way_people_type_them()
    {
        using var staff = await NewStaffAsync();
        var code = (await IssueAsync(staff, new { recipientName = "B", title = "T" })).GetProperty("code").GetString()!;
        var bare = code.Replace("-", "")[2..];

        foreach (var typed in new[] { code.ToLowerInvariant(), bare, $"  {code[..7]} {code[7..]} ", bare.Replace('0', 'O').Replace('1', 'I') })
        {
            var (status, verdict) = await VerifyOnAsync("web-1", typed);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(code, verdict.GetProperty("code").GetString());
        }

        using var anonymous = new ApiSession(topology.NginxUri);
        using var posted = await anonymous.Client.PostAsJsonAsync("/api/verify", new { code = bare });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }

    [Theory]
    [InlineData("CV-0000-0000-0000-0000-0000", HttpStatusCode.NotFound)]
    [InlineData("CV-1234", HttpStatusCode.BadRequest)]
    [InlineData("CV-UUUU-UUUU-UUUU-UUUU-UUUU", HttpStatusCode.BadRequest)]
    [InlineData("'; DROP TABLE certificates;--", HttpStatusCode.BadRequest)]
    [InlineData("<script>alert(1)</script>", HttpStatusCode.BadRequest)]
    public async Task Unknown_codes_are_not_found_and_malformed_ones_are_refused(string code, HttpStatusCode expected)
    {
        var (status, body) = await VerifyOnAsync("web-2", code);
        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.Equal("not_found", body.GetProperty("status").GetString());
        }
        else
        {
            Assert.True(body.GetProperty("errors").TryGetProperty("code", out _));
        }
    }

    [Fact]
    public async Task Expiry_is_judged_when_verifying()
    {
        using var staff = await NewStaffAsync();
        var past = DateTimeOffset.UtcNow.AddYears(-2);
        var code = (await IssueAsync(staff, new { recipientName = "C", title = "Old", issuedAt = past, expiresAt = past.AddYears(1) }))
            .GetProperty("code").GetString()!;

        var (status, verdict) = await VerifyOnAsync("web-3", code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("expired", verdict.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Suspend_reinstate_and_revoke_reach_every_replica_at_once()
    {
        using var staff = await NewStaffAsync();
        var issued = await IssueAsync(staff, new { recipientName = "D", title = "Revocable" });
        var (id, code) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("code").GetString()!);

        // Every replica holds the valid answer in memory before each change.
        await ExpectEverywhereAsync(code, "valid");
        await ChangeAsync(staff, id, "suspend", new { reason = "Under review" }, HttpStatusCode.OK);
        await ExpectEverywhereAsync(code, "suspended");
        await ChangeAsync(staff, id, "reinstate", new { }, HttpStatusCode.OK);
        await ExpectEverywhereAsync(code, "valid");
        await ChangeAsync(staff, id, "revoke", new { reason = "Issued in error" }, HttpStatusCode.OK);
        var verdict = await ExpectEverywhereAsync(code, "revoked");
        Assert.Equal("Issued in error", verdict.GetProperty("certificate").GetProperty("revocationReason").GetString());

        await ChangeAsync(staff, id, "reinstate", new { }, HttpStatusCode.Conflict);
        await ChangeAsync(staff, id, "suspend", new { reason = "x" }, HttpStatusCode.Conflict);
        await ExpectEverywhereAsync(code, "revoked");
    }

    [Fact]
    public async Task A_reason_is_required_to_revoke_or_suspend()
    {
        using var staff = await NewStaffAsync();
        var id = (await IssueAsync(staff, new { recipientName = "E", title = "T" })).GetProperty("id").GetGuid();
        await ChangeAsync(staff, id, "revoke", new { }, HttpStatusCode.BadRequest);
        await ChangeAsync(staff, id, "suspend", new { reason = "  " }, HttpStatusCode.BadRequest);
        await ChangeAsync(staff, id, "revoke", new { reason = new string('x', 1001) }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_certificate()
    {
        using var staff = await NewStaffAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { recipientName = "F", title = "Once" };

        var first = await IssueAsync(staff, body, key);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => IssueAsync(staff, body, key)));
        Assert.All(retries, retry => Assert.Equal(first.GetProperty("id").GetGuid(), retry.GetProperty("id").GetGuid()));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates") { Content = JsonContent.Create(new { recipientName = "F", title = "Other" }) };
        request.Headers.Add("X-CSRF-TOKEN", staff.CsrfToken);
        request.Headers.Add("Idempotency-Key", key);
        using var conflict = await staff.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        var listed = await staff.GetJsonAsync("/api/certificates?search=Once");
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Concurrent_first_requests_with_one_key_make_one_certificate()
    {
        using var staff = await NewStaffAsync();
        var key = Guid.NewGuid().ToString();
        var title = $"Race {Guid.NewGuid():N}";
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => IssueAsync(staff, new { recipientName = "G", title }, key)));

        Assert.Single(results.Select(r => r.GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(1, (await staff.GetJsonAsync($"/api/certificates?search={Uri.EscapeDataString(title)}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Staff_see_and_change_only_their_own_and_recipients_only_theirs()
    {
        using var staffA = await NewStaffAsync();
        using var staffB = await NewStaffAsync();
        var (recipientEmail, recipientPassword, _) = await topology.CreateUserAsync("Recipient");
        var mine = await IssueAsync(staffA, new { recipientName = "H", recipientEmail = recipientEmail.ToUpperInvariant(), title = "Scoped" });
        var id = mine.GetProperty("id").GetGuid();

        using (var read = await staffB.Client.GetAsync($"/api/certificates/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        await ChangeAsync(staffB, id, "revoke", new { reason = "not mine" }, HttpStatusCode.Forbidden);
        using (var bulk = await staffB.SendAsync(HttpMethod.Post, "/api/certificates/revoke", new { ids = new[] { id }, reason = "not mine" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode);
        }

        Assert.Equal(0, (await staffB.GetJsonAsync("/api/certificates?search=Scoped")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await staffA.GetJsonAsync("/api/certificates?search=Scoped")).GetProperty("total").GetInt32());
        using var admin = await topology.SignInAsAdminAsync();
        Assert.True((await admin.GetJsonAsync($"/api/certificates/{id}")).GetProperty("id").GetGuid() == id);

        using var recipient = await ApiSession.SignInAsync(topology.NginxUri, recipientEmail, recipientPassword);
        var own = await recipient.GetJsonAsync("/api/me/certificates");
        Assert.Contains(own.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        using var console = await recipient.Client.GetAsync("/api/certificates");
        Assert.Equal(HttpStatusCode.Forbidden, console.StatusCode);
        Assert.Equal(0, (await staffB.GetJsonAsync("/api/me/certificates")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_list_is_sorted_as_asked_newest_first_by_default_and_unknown_sorts_are_refused()
    {
        using var staff = await NewStaffAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var bravo = await IssueAsync(staff, new { recipientName = $"Bravo {tag}", title = $"{tag} C", issuedAt = day.AddDays(1) });
        var alpha = await IssueAsync(staff, new { recipientName = $"Alpha {tag}", title = $"{tag} B", issuedAt = day.AddDays(2) });
        await IssueAsync(staff, new { recipientName = $"charlie {tag}", title = $"{tag} A", issuedAt = day });
        await ChangeAsync(staff, bravo.GetProperty("id").GetGuid(), "revoke", new { reason = "sorting" }, HttpStatusCode.OK);
        await ChangeAsync(staff, alpha.GetProperty("id").GetGuid(), "suspend", new { reason = "sorting" }, HttpStatusCode.OK);

        async Task<string> NamesAsync(string sort)
        {
            var list = await staff.GetJsonAsync($"/api/certificates?search={tag}{(sort.Length == 0 ? "" : $"&sort={Uri.EscapeDataString(sort)}")}");
            return string.Join(",", list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("recipientName").GetString()![..1].ToUpperInvariant()));
        }

        Assert.Equal("A,B,C", await NamesAsync(""));
        Assert.Equal("A,B,C", await NamesAsync("-issuedAt"));
        Assert.Equal("C,B,A", await NamesAsync("issuedAt"));
        Assert.Equal("A,B,C", await NamesAsync("recipientName")); // regardless of case
        Assert.Equal("C,B,A", await NamesAsync("-RecipientName"));
        Assert.Equal("C,A,B", await NamesAsync("title"));
        Assert.Equal("B,A,C", await NamesAsync("-title"));
        Assert.Equal("C,A,B", await NamesAsync("status")); // active, suspended, revoked
        Assert.Equal("B,A,C", await NamesAsync("-status"));

        foreach (var bad in new[] { "color", "--title", "title,-issuedAt", "+-status", "issued_at" })
        {
            using var response = await staff.Client.GetAsync($"/api/certificates?sort={Uri.EscapeDataString(bad)}");
            var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal(["sort"], Problems.FieldsNamed(problem));
        }
    }

    [Fact]
    public async Task Bulk_revoke_reports_what_it_did()
    {
        using var staff = await NewStaffAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await IssueAsync(staff, new { recipientName = $"Bulk {i}", title = "Bulk" })).GetProperty("id").GetGuid());
        }

        await ChangeAsync(staff, ids[0], "revoke", new { reason = "first" }, HttpStatusCode.OK);
        var missing = Guid.NewGuid();
        using var response = await staff.SendAsync(HttpMethod.Post, "/api/certificates/revoke", new { ids = ids.Append(missing).ToArray(), reason = "course withdrawn" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("revoked").GetInt32());
        Assert.Equal(1, result.GetProperty("alreadyRevoked").GetInt32());
        Assert.Equal(missing, result.GetProperty("notFound")[0].GetGuid());

        using var empty = await staff.SendAsync(HttpMethod.Post, "/api/certificates/revoke", new { ids = Array.Empty<Guid>(), reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Theory]
    [InlineData("{\"recipientName\":\"\",\"title\":\"T\"}", "recipientName")]
    [InlineData("{\"recipientName\":\"N\"}", "title")]
    [InlineData("{\"recipientName\":\"N\",\"title\":\"T\",\"recipientEmail\":\"nope\"}", "recipientEmail")]
    [InlineData("{\"recipientName\":\"N\",\"title\":\"T\",\"issuedAt\":\"2026-05-01T00:00:00Z\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}", "expiresAt")]
    [InlineData("{\"recipientName\":\"N\",\"title\":\"T\",\"issuedAt\":\"not a date\"}", "issuedAt")]
    [InlineData("{\"recipientName\":\"N\",\"title\":\"T\",\"metadata\":{\"k\":5}}", "metadata.k")]
    [InlineData("{\"recipientName\":\"N\",\"title\":\"T\",\"metadata\":{\"k\":null}}", "metadata.k")]
    [InlineData("{\"recipientName\":\"N\",\"title\":\"T\",\"metadata\":[\"a\"]}", "metadata")]
    public async Task Bad_certificates_get_400_naming_the_field(string body, string field)
    {
        using var staff = await NewStaffAsync();
        using var response = await staff.SendAsync(HttpMethod.Post, "/api/certificates", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Contains(field, Problems.FieldsNamed(problem));
    }

    [Fact]
    public async Task Metadata_limits_are_enforced()
    {
        using var staff = await NewStaffAsync();
        var tooMany = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v");
        using var many = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "N", title = "T", metadata = tooMany });
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        using var longValue = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "N", title = "T", metadata = new Dictionary<string, string> { ["k"] = new('x', 5001) } });
        Assert.Equal(HttpStatusCode.BadRequest, longValue.StatusCode);
        using var longKey = new HttpRequestMessage(HttpMethod.Post, "/api/certificates") { Content = JsonContent.Create(new { recipientName = "N", title = "T" }) };
        longKey.Headers.Add("X-CSRF-TOKEN", staff.CsrfToken);
        longKey.Headers.Add("Idempotency-Key", new string('k', 201));
        using var keyResponse = await staff.Client.SendAsync(longKey);
        Assert.Equal(HttpStatusCode.BadRequest, keyResponse.StatusCode);
    }

    [Fact]
    public async Task Hostile_text_is_stored_and_returned_as_data()
    {
        using var staff = await NewStaffAsync();
        const string name = "<script>alert('x')</script> Robert'); DROP TABLE certificates;--";
        var code = (await IssueAsync(staff, new { recipientName = name, title = "<b>bold</b>" })).GetProperty("code").GetString()!;
        var (_, verdict) = await VerifyOnAsync("web-1", code);
        Assert.Equal(name, verdict.GetProperty("certificate").GetProperty("recipientName").GetString());
        Assert.Equal("<b>bold</b>", verdict.GetProperty("certificate").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Every_verification_is_logged_off_the_request_path_and_changes_are_audited()
    {
        using var staff = await NewStaffAsync();
        var issued = await IssueAsync(staff, new { recipientName = "L", title = "Logged" });
        var (id, code) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("code").GetString()!);
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            await VerifyOnAsync(replica, code);
        }

        await using var connection = new NpgsqlConnection(await topology.App.GetConnectionStringAsync("certverify"));
        await connection.OpenAsync();
        var logged = new List<string>();
        var deadline = Stopwatch.StartNew();
        while (logged.Count < 3 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(200);
            await using var command = new NpgsqlCommand("""SELECT "InstanceId" FROM verifications WHERE "CertificateId" = $1 AND "Result" = 'valid'""", connection)
            {
                Parameters = { new() { Value = id } },
            };
            logged.Clear();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                logged.Add(reader.GetString(0));
            }
        }

        Assert.Equal(TopologyFixture.ReplicaNames.Order(), logged.Order());

        await ChangeAsync(staff, id, "revoke", new { reason = "audit me" }, HttpStatusCode.OK);
        using var admin = await topology.SignInAsAdminAsync();
        var entries = await admin.GetJsonAsync($"/api/audit?action=certificate.revoke&pageSize=100");
        Assert.Contains(entries.GetProperty("items").EnumerateArray(), e =>
            e.GetProperty("target").GetString() == id.ToString() && e.GetProperty("detail").GetProperty("reason").GetString() == "audit me");
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_for_an_uncached_code_cost_each_replica_at_most_one_query()
    {
        using var staff = await NewStaffAsync();
        var code = (await IssueAsync(staff, new { recipientName = "S", title = "Stampede" })).GetProperty("code").GetString()!;
        using var admin = await topology.SignInAsAdminAsync();
        var before = await MissesAsync(admin);

        using var client = new HttpClient { BaseAddress = topology.NginxUri };
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await client.GetAsync($"/api/verify/{code}");
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        var after = await MissesAsync(admin);
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            Assert.InRange(after[replica] - before[replica], 0, 1);
        }
    }

    private async Task<Dictionary<string, long>> MissesAsync(ApiSession admin)
    {
        var misses = new Dictionary<string, long>();
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            var self = await admin.GetJsonAsync("/api/instances/self", admin.ClientFor(topology.ReplicaUri(replica)));
            misses[replica] = self.GetProperty("cache").GetProperty("misses").GetInt64();
        }

        return misses;
    }

    [Fact]
    public async Task The_qr_code_encodes_the_public_verification_link()
    {
        using var staff = await NewStaffAsync();
        var issued = await IssueAsync(staff, new { recipientName = "Q", title = "QR" });
        var code = issued.GetProperty("code").GetString()!;
        var link = $"{topology.NginxUri.Scheme}://{topology.NginxUri.Authority}/verify/{code}";
        Assert.Equal(link, issued.GetProperty("verifyUrl").GetString());
        using var expected = QRCoder.QRCodeGenerator.GenerateQrCode(link, QRCoder.QRCodeGenerator.ECCLevel.M);

        using var anonymous = new HttpClient { BaseAddress = topology.NginxUri };
        using var png = await anonymous.GetAsync($"/api/certificates/{code.ToLowerInvariant()}/qr?size=4");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new QRCoder.PngByteQRCode(expected).GetGraphic(4), await png.Content.ReadAsByteArrayAsync());

        using var svg = await anonymous.GetAsync($"/api/certificates/{code}/qr?format=svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new QRCoder.SvgQRCode(expected).GetGraphic(10), await svg.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("CV-0000-0000-0000-0000-0000/qr", HttpStatusCode.NotFound)]
    [InlineData("not-a-code/qr", HttpStatusCode.BadRequest)]
    [InlineData("{code}/qr?format=gif", HttpStatusCode.BadRequest)]
    [InlineData("{code}/qr?size=0", HttpStatusCode.BadRequest)]
    [InlineData("{code}/qr?size=41", HttpStatusCode.BadRequest)]
    [InlineData("{code}/qr?size=big", HttpStatusCode.BadRequest)]
    public async Task Bad_qr_requests_are_refused(string path, HttpStatusCode expected)
    {
        using var staff = await NewStaffAsync();
        var code = (await IssueAsync(staff, new { recipientName = "Q", title = "QR" })).GetProperty("code").GetString()!;
        using var anonymous = new HttpClient { BaseAddress = topology.NginxUri };
        using var response = await anonymous.GetAsync($"/api/certificates/{path.Replace("{code}", code)}");
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Issuers_see_who_verified_their_certificates_and_daily_counts()
    {
        using var staff = await NewStaffAsync();
        using var other = await NewStaffAsync();
        var issued = await IssueAsync(staff, new { recipientName = "V", title = "Visited" });
        var (id, code) = (issued.GetProperty("id").GetGuid(), issued.GetProperty("code").GetString()!);
        await IssueAsync(staff, new { recipientName = "W", title = "Second" });
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            await VerifyOnAsync(replica, code);
        }

        JsonElement history = default;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            history = await staff.GetJsonAsync($"/api/certificates/{id}/verifications");
            if (history.GetProperty("total").GetInt32() == 3) break;
            await Task.Delay(200);
        }

        Assert.Equal(3, history.GetProperty("total").GetInt32());
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

    [Fact]
    public async Task Renaming_the_organisation_reaches_every_replicas_cached_answers()
    {
        using var staff = await NewStaffAsync();
        var code = (await IssueAsync(staff, new { recipientName = "O", title = "Issuer" })).GetProperty("code").GetString()!;
        await ExpectEverywhereAsync(code, "valid");
        var name = $"Academy {Guid.NewGuid():N}";

        using var admin = await topology.SignInAsAdminAsync();
        using (var update = await admin.SendAsync(HttpMethod.Put, "/api/organisation", new { name, url = "https://academy.example.org" }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            var clock = Stopwatch.StartNew();
            string? issuer;
            do
            {
                var (_, verdict) = await VerifyOnAsync(replica, code);
                issuer = verdict.GetProperty("certificate").GetProperty("issuer").GetProperty("name").GetString();
            }
            while (issuer != name && clock.Elapsed < TimeSpan.FromSeconds(2));

            Assert.Equal(name, issuer);
        }

        using var bad = await admin.SendAsync(HttpMethod.Put, "/api/organisation", new { name = "", url = "not a url" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task ChangeAsync(ApiSession session, Guid id, string action, object body, HttpStatusCode expected)
    {
        using var response = await session.SendAsync(HttpMethod.Post, $"/api/certificates/{id}/{action}", body);
        Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Each replica reports the status: at once, or within a bound far below any cache lifetime (10 minutes),
    /// so a replica serving a stale in-memory answer fails this.
    /// </summary>
    private async Task<JsonElement> ExpectEverywhereAsync(string code, string expected)
    {
        JsonElement last = default;
        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            var clock = Stopwatch.StartNew();
            string? status;
            do
            {
                (_, last) = await VerifyOnAsync(replica, code);
                status = last.GetProperty("status").GetString();
            }
            while (status != expected && clock.Elapsed < TimeSpan.FromSeconds(2));

            Assert.True(status == expected, $"{replica} still says {status}, expected {expected}");
        }

        return last;
    }
}
