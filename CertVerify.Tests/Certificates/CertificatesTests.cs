using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Certificates;

/// <summary>Issuing, listing, changing and revoking certificates, and their QR codes, on one instance in process.</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class CertificatesTests(InProcessFixture app)
{
    [Fact]
    public async Task A_reason_is_required_to_revoke_or_suspend()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var id = (await staff.IssueCertificateAsync(new { recipientName = "E", title = "T" })).GetProperty("id").GetGuid();
        await staff.ChangeCertificateAsync(id, "revoke", new { }, HttpStatusCode.BadRequest);
        await staff.ChangeCertificateAsync(id, "suspend", new { reason = "  " }, HttpStatusCode.BadRequest);
        await staff.ChangeCertificateAsync(id, "revoke", new { reason = new string('x', 1001) }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_certificate()
    {
        // Concurrent first attempts race to insert the key: the losers' unique violation is logged by EF Core, then
        // answered with the winner's certificate.
        app.Errors.Allow("\"PK_idempotency_keys\"");
        using var staff = await app.SignInNewUserAsync("Staff");
        var key = Guid.NewGuid().ToString();
        var body = new { recipientName = "F", title = "Once" };

        var first = await staff.IssueCertificateAsync(body, key);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => staff.IssueCertificateAsync(body, key)));
        Assert.All(retries, retry => Assert.Equal(first.GetProperty("id").GetGuid(), retry.GetProperty("id").GetGuid()));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates") { Content = JsonContent.Create(new { recipientName = "F", title = "Other" }) };
        request.Headers.Add("Idempotency-Key", key);
        using var conflict = await staff.SendRequestAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        var listed = await staff.GetJsonAsync("/api/certificates?search=Once");
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Concurrent_first_requests_with_one_key_make_one_certificate()
    {
        // Concurrent first attempts race to insert the key: the losers' unique violation is logged by EF Core, then
        // answered with the winner's certificate.
        app.Errors.Allow("\"PK_idempotency_keys\"");
        using var staff = await app.SignInNewUserAsync("Staff");
        var key = Guid.NewGuid().ToString();
        var title = $"Race {Guid.NewGuid():N}";
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => staff.IssueCertificateAsync(new { recipientName = "G", title }, key)));

        Assert.Single(results.Select(r => r.GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(1, (await staff.GetJsonAsync($"/api/certificates?search={Uri.EscapeDataString(title)}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Staff_see_and_change_only_their_own_and_recipients_only_theirs()
    {
        using var staffA = await app.SignInNewUserAsync("Staff");
        using var staffB = await app.SignInNewUserAsync("Staff");
        var (recipientEmail, recipientPassword, _) = await app.CreateUserAsync("Recipient");
        var mine = await staffA.IssueCertificateAsync(new { recipientName = "H", recipientEmail = recipientEmail.ToUpperInvariant(), title = "Scoped" });
        var id = mine.GetProperty("id").GetGuid();

        using (var read = await staffB.Client.GetAsync($"/api/certificates/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        await staffB.ChangeCertificateAsync(id, "revoke", new { reason = "not mine" }, HttpStatusCode.Forbidden);
        using (var bulk = await staffB.SendAsync(HttpMethod.Post, "/api/certificates/revoke", new { ids = new[] { id }, reason = "not mine" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode);
        }

        Assert.Equal(0, (await staffB.GetJsonAsync("/api/certificates?search=Scoped")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await staffA.GetJsonAsync("/api/certificates?search=Scoped")).GetProperty("total").GetInt32());
        using var admin = await app.SignInAsAdminAsync();
        Assert.True((await admin.GetJsonAsync($"/api/certificates/{id}")).GetProperty("id").GetGuid() == id);

        using var recipient = await app.SignInAsync(recipientEmail, recipientPassword);
        var own = await recipient.GetJsonAsync("/api/me/certificates");
        Assert.Contains(own.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        using var console = await recipient.Client.GetAsync("/api/certificates");
        Assert.Equal(HttpStatusCode.Forbidden, console.StatusCode);
        Assert.Equal(0, (await staffB.GetJsonAsync("/api/me/certificates")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_list_is_sorted_as_asked_newest_first_by_default_and_unknown_sorts_are_refused()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var tag = Guid.NewGuid().ToString("N")[..10];
        var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var bravo = await staff.IssueCertificateAsync(new { recipientName = $"Bravo {tag}", title = $"{tag} C", issuedAt = day.AddDays(1) });
        var alpha = await staff.IssueCertificateAsync(new { recipientName = $"Alpha {tag}", title = $"{tag} B", issuedAt = day.AddDays(2) });
        await staff.IssueCertificateAsync(new { recipientName = $"charlie {tag}", title = $"{tag} A", issuedAt = day });
        await staff.ChangeCertificateAsync(bravo.GetProperty("id").GetGuid(), "revoke", new { reason = "sorting" });
        await staff.ChangeCertificateAsync(alpha.GetProperty("id").GetGuid(), "suspend", new { reason = "sorting" });

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
        using var staff = await app.SignInNewUserAsync("Staff");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await staff.IssueCertificateAsync(new { recipientName = $"Bulk {i}", title = "Bulk" })).GetProperty("id").GetGuid());
        }

        await staff.ChangeCertificateAsync(ids[0], "revoke", new { reason = "first" });
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

    [Fact]
    public async Task Revocation_is_final()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var id = (await staff.IssueCertificateAsync(new { recipientName = "D", title = "Revocable" })).GetProperty("id").GetGuid();
        await staff.ChangeCertificateAsync(id, "revoke", new { reason = "Issued in error" });

        await staff.ChangeCertificateAsync(id, "reinstate", new { }, HttpStatusCode.Conflict);
        await staff.ChangeCertificateAsync(id, "suspend", new { reason = "x" }, HttpStatusCode.Conflict);
        Assert.Equal("revoked", (await staff.GetJsonAsync($"/api/certificates/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Staff_lift_their_own_suspensions_but_only_an_admin_lifts_an_admins()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var admin = await app.SignInAsAdminAsync();
        var id = (await staff.IssueCertificateAsync(new { recipientName = "E", title = "Suspendable" })).GetProperty("id").GetGuid();
        await staff.ChangeCertificateAsync(id, "suspend", new { reason = "Checking a complaint" });
        await staff.ChangeCertificateAsync(id, "reinstate", new { });

        await admin.ChangeCertificateAsync(id, "suspend", new { reason = "Under investigation" });
        using var refused = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{id}/reinstate", new { });
        Assert.Contains("only an Admin", (await Problems.AssertAsync(refused, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        Assert.Equal("suspended", (await staff.GetJsonAsync($"/api/certificates/{id}")).GetProperty("status").GetString());

        await admin.ChangeCertificateAsync(id, "reinstate", new { });
        Assert.Equal("active", (await staff.GetJsonAsync($"/api/certificates/{id}")).GetProperty("status").GetString());
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
        using var staff = await app.SignInNewUserAsync("Staff");
        using var response = await staff.SendAsync(HttpMethod.Post, "/api/certificates", body);
        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, Problems.FieldsNamed(problem));
    }

    [Fact]
    public async Task Metadata_limits_are_enforced()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var tooMany = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v");
        using var many = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "N", title = "T", metadata = tooMany });
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        using var longValue = await staff.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "N", title = "T", metadata = new Dictionary<string, string> { ["k"] = new('x', 5001) } });
        Assert.Equal(HttpStatusCode.BadRequest, longValue.StatusCode);
        using var longKey = new HttpRequestMessage(HttpMethod.Post, "/api/certificates") { Content = JsonContent.Create(new { recipientName = "N", title = "T" }) };
        longKey.Headers.Add("Idempotency-Key", new string('k', 201));
        using var keyResponse = await staff.SendRequestAsync(longKey);
        Assert.Equal(HttpStatusCode.BadRequest, keyResponse.StatusCode);
    }

    [Fact]
    public async Task The_qr_code_encodes_the_public_verification_link()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var issued = await staff.IssueCertificateAsync(new { recipientName = "Q", title = "QR" });
        var code = issued.GetProperty("code").GetString()!;
        var link = $"{app.BaseAddress.Scheme}://{app.BaseAddress.Authority}/verify/{code}";
        Assert.Equal(link, issued.GetProperty("verifyUrl").GetString());
        using var expected = QRCoder.QRCodeGenerator.GenerateQrCode(link, QRCoder.QRCodeGenerator.ECCLevel.M);

        using var anonymous = app.CreateClient();
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
        using var staff = await app.SignInNewUserAsync("Staff");
        var code = (await staff.IssueCertificateAsync(new { recipientName = "Q", title = "QR" })).GetProperty("code").GetString()!;
        using var anonymous = app.CreateClient();
        using var response = await anonymous.GetAsync($"/api/certificates/{path.Replace("{code}", code)}");
        await Problems.AssertAsync(response, expected);
    }
}
