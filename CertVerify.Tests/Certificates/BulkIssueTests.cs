using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CertVerify.Tests.Certificates;

/// <summary>
/// Bulk issue from a JSON array and from a CSV file (raw or uploaded as a form): the same validation, dry run, one
/// transaction and answers, with the CSV's own refusals (columns, encoding, quoting).
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class BulkIssueTests(InProcessFixture app)
{
    [Fact]
    public async Task Good_rows_are_committed_and_bad_rows_reported_with_row_and_field()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var templateName = $"Bulk template {Guid.NewGuid():N}";
        await staff.CreateTemplateAsync(new { name = templateName });

        var rows = new object[]
        {
            new { recipientName = "Zoë, \"the\" Ünïcødé", title = "Course A", template = templateName.ToLowerInvariant(), metadata = new Dictionary<string, string> { ["grade"] = "A" } },
            new { recipientName = "", title = "Course A" },
            new { recipientName = "李小龍", title = "Course A", recipientEmail = "bruce@example.test" },
            new { recipientName = "Bad date", title = "Course A", issuedAt = "2026-05-01T00:00:00Z", expiresAt = "2026-01-01T00:00:00Z" },
            new { recipientName = "No template", title = "Course A", template = "No such template" },
        };

        using var response = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", rows);
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("issued").GetInt32());
        Assert.Equal(3, result.GetProperty("rejected").GetInt32());
        var errors = result.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(2, "recipientName"), (4, "expiresAt"), (5, "template")], errors);
        Assert.Equal([1, 3], result.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("row").GetInt32()));

        var batchId = result.GetProperty("batchId").GetGuid();
        var listed = await staff.GetJsonAsync($"/api/certificates?batchId={batchId}");
        Assert.Equal(2, listed.GetProperty("total").GetInt32());
        var names = listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("recipientName").GetString()).ToList();
        Assert.Contains("Zoë, \"the\" Ünïcødé", names);
        Assert.Contains("李小龍", names);

        var code = result.GetProperty("certificates")[0].GetProperty("code").GetString();
        using var anonymous = app.CreateClient();
        Assert.Equal("valid", (await Verdicts.FoundAsync(anonymous, code!)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_dry_run_reports_and_commits_nothing_and_all_good_rows_give_201()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var title = $"Dry {Guid.NewGuid():N}";
        var rows = Enumerable.Range(1, 20).Select(i => new { recipientName = $"Person {i}", title }).ToArray();

        using var dry = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk?dryRun=true", rows);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal(20, (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issued").GetInt32());
        Assert.Equal(0, await CountFoundAsync(staff, title));

        using var real = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", rows);
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.Equal(20, await CountFoundAsync(staff, title));
    }

    [Fact]
    public async Task Nothing_valid_empty_too_many_rows_or_too_large_a_body_are_refused()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var allBad = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", new[] { new { title = "no name" } });
        var refused = await Problems.AssertAsync(allBad, HttpStatusCode.BadRequest);
        Assert.Equal(0, refused.GetProperty("issued").GetInt32());
        var error = Assert.Single(refused.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, "recipientName"), (error.GetProperty("row").GetInt32(), error.GetProperty("field").GetString()));

        using var empty = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", "[]");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var notArray = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", "{\"rows\":[]}");
        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);

        var tooMany = "[" + string.Join(',', Enumerable.Repeat("{\"recipientName\":\"x\",\"title\":\"y\"}", 50_001)) + "]";
        using var many = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", tooMany);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.StatusCode);

        var huge = "[{\"recipientName\":\"" + new string('x', 11 * 1024 * 1024) + "\",\"title\":\"y\"}]";
        using var large = await SendOversizedAsync(staff, new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task Csv_good_rows_are_committed_and_bad_rows_reported_with_row_field_and_line()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var templateName = $"Csv template {Guid.NewGuid():N}";
        await staff.CreateTemplateAsync(new { name = templateName });

        // Header names in any case and padded; a quoted value with a comma, doubled quotes and a line break (so row 1
        // spans lines 2-3); CRLF and LF line ends mixed.
        var csv = " RecipientName ,title,meta.grade,issuedAt,expiresAt,TEMPLATE,description\r\n"
            + $"\"Zoë, \"\"the\"\" Ünïcødé\",Course A,A,2026-01-31,,{templateName.ToLowerInvariant()},\"Line one\nline two\"\r\n"
            + "李小龍,Course A,B,2026-01-31T10:00:00+02:00,2027-01-31T10:00:00Z,,\n"
            + "مريم,Course A,,,,,\r\n"
            + "Bad date,Course A,,31/01/2026,,,\r\n"
            + "Expires first,Course A,,2026-05-01,2026-01-01,,\r\n"
            + "No template,Course A,,,,No such template,\r\n"
            + ",Course A,,,,,\r\n"
            + "Two errors,,,,tomorrow,,\r\n";

        using var response = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk", CsvContent.Of([.. BulkCsvTests.Bom, .. Encoding.UTF8.GetBytes(csv)]));
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, result.GetProperty("issued").GetInt32());
        Assert.Equal(5, result.GetProperty("rejected").GetInt32());
        var errors = result.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("line").GetInt32())).ToList();
        Assert.Equal([(4, "issuedAt", 6), (5, "expiresAt", 7), (6, "template", 8), (7, "recipientName", 9), (8, "expiresAt", 10), (8, "title", 10)], errors);
        Assert.Equal([1, 2, 3], result.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("row").GetInt32()));

        var listed = await staff.GetJsonAsync($"/api/certificates?batchId={result.GetProperty("batchId").GetGuid()}");
        var issued = listed.GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("recipientName").GetString()!);
        Assert.Equal(3, issued.Count);
        var zoe = issued["Zoë, \"the\" Ünïcødé"];
        Assert.Equal("Line one\nline two", zoe.GetProperty("description").GetString());
        Assert.Equal("A", zoe.GetProperty("metadata").GetProperty("grade").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-01-31T00:00:00Z"), zoe.GetProperty("issuedAt").GetDateTimeOffset());
        Assert.NotEqual(JsonValueKind.Null, zoe.GetProperty("templateId").ValueKind);
        var bruce = issued["李小龍"];
        Assert.Equal(DateTimeOffset.Parse("2026-01-31T08:00:00Z"), bruce.GetProperty("issuedAt").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2027-01-31T10:00:00Z"), bruce.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Empty(issued["مريم"].GetProperty("metadata").EnumerateObject()); // an empty meta cell adds no key
    }

    [Fact]
    public async Task A_csv_dry_run_commits_nothing_and_a_form_upload_issues_like_a_raw_body()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var title = $"Csv {Guid.NewGuid():N}";
        var csv = "recipientName,title\r\n" + string.Concat(Enumerable.Range(1, 5).Select(i => $"Person {i},{title}\r\n"));

        using var dry = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk?dryRun=true", CsvContent.Of(csv));
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, report.GetProperty("issued").GetInt32());
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, await CountFoundAsync(staff, title));

        using var form = new MultipartFormDataContent { { CsvContent.Of(csv), "file", "certificates.csv" } };
        using var uploaded = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(5, await CountFoundAsync(staff, title));
    }

    [Fact]
    public async Task The_csv_template_downloads_and_uploads_as_one_valid_row()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var template = await staff.Client.GetAsync("/api/certificates/bulk/template.csv");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("text/csv", template.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", template.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("certificates-template.csv", template.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await template.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("recipientName,recipientEmail,title,", Encoding.UTF8.GetString(bytes.AsSpan(BulkCsvTests.Bom.Length)));

        using var dry = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk?dryRun=true",
            new ByteArrayContent(bytes) { Headers = { ContentType = template.Content.Headers.ContentType } });
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("issued").GetInt32());
        Assert.Equal(0, report.GetProperty("rejected").GetInt32());
    }

    /// <summary>The HTTP answer to a file refused whole (each reason to refuse one: <see cref="BulkCsvTests"/>), and to one without rows.</summary>
    public static TheoryData<string, byte[], string> BadCsvFiles => new()
    {
        // what, the file, a text the problem must contain
        { "unknown column", Encoding.UTF8.GetBytes("recipentName,title\r\nAda,Course\r\n"), "'recipentName'" },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("recipientName,title\r\nZo"), 0xEB, .. Encoding.UTF8.GetBytes(",Course\r\n")], "UTF-8" },
        { "header only", Encoding.UTF8.GetBytes("recipientName,title\r\n"), "at least one row" },
        { "empty file", [], "at least one row" },
    };

    [Theory]
    [MemberData(nameof(BadCsvFiles))]
    public async Task A_csv_file_that_cannot_be_read_as_it_is_gets_400(string what, byte[] file, string says)
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var response = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk", CsvContent.Of(file));
        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString());
        Assert.True(messages.Any(m => m!.Contains(says, StringComparison.OrdinalIgnoreCase)), $"{what}: {problem}");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Other_content_types_get_415(string contentType)
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var content = new StringContent("recipientName,title\r\nAda,Course\r\n", Encoding.UTF8, contentType);
        using var response = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk", content);
        await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("multipart/form-data", "recipientName,title\r\nAda,Course\r\n", "body")] // no boundary
    [InlineData("multipart/form-data; boundary=cut", "--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nrecipientName,title\r\n", "body")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--b--\r\n", "file")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.csv\"\r\n\r\nx\r\n"
        + "--b\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b.csv\"\r\n\r\ny\r\n--b--\r\n", "file")]
    public async Task A_form_that_is_broken_or_has_not_exactly_one_file_gets_400(string contentType, string body, string field)
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        using var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk", content);
        Assert.Contains(field, Problems.FieldsNamed(await Problems.AssertAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Too_many_csv_rows_or_bytes_get_413()
    {
        using var staff = await app.SignInNewUserAsync("Staff");

        var tooMany = "recipientName,title\n" + string.Concat(Enumerable.Repeat("x,y\n", 50_001));
        using var many = await staff.SendContentAsync(HttpMethod.Post, "/api/certificates/bulk", CsvContent.Of(tooMany));
        await Problems.AssertAsync(many, HttpStatusCode.RequestEntityTooLarge);

        var huge = "recipientName,title\n" + new string('x', 11 * 1024 * 1024) + ",y\n";
        using var large = await SendOversizedAsync(staff, CsvContent.Of(huge));
        await Problems.AssertAsync(large, HttpStatusCode.RequestEntityTooLarge);

        using var form = new MultipartFormDataContent { { CsvContent.Of(huge), "file", "huge.csv" } };
        using var uploaded = await SendOversizedAsync(staff, form);
        await Problems.AssertAsync(uploaded, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>
    /// A body over the limit, sent as clients send large uploads: announced with <c>Expect: 100-continue</c>, so that the
    /// server refuses it before it is sent. (Kestrel refuses one that is being sent by closing the connection as soon as
    /// it has answered; Nginx, in front of the replicas, buffers bodies and so never shows that.)
    /// </summary>
    private static Task<HttpResponseMessage> SendOversizedAsync(ApiSession session, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates/bulk") { Content = content };
        request.Headers.ExpectContinue = true;
        return session.SendRequestAsync(request);
    }

    /// <summary>How many of the caller's certificates a search for <paramref name="text"/> finds.</summary>
    private static async Task<int> CountFoundAsync(ApiSession session, string text) =>
        (await session.GetJsonAsync($"/api/certificates?search={Uri.EscapeDataString(text)}")).GetProperty("total").GetInt32();

}
