using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertVerify.Tests.Topology;

namespace CertVerify.Tests.Certificates;

/// <summary>Bulk issue from a JSON array (CSV upload is still to come).</summary>
[Collection(TopologyCollection.Name)]
public sealed class BulkIssueTests(TopologyFixture topology)
{
    private async Task<ApiSession> StaffAsync()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        return await ApiSession.SignInAsync(topology.NginxUri, email, password);
    }

    [Fact]
    public async Task Good_rows_are_committed_and_bad_rows_reported_with_row_and_field()
    {
        using var staff = await StaffAsync();
        var templateName = $"Bulk template {Guid.NewGuid():N}";
        using (await staff.SendAsync(HttpMethod.Post, "/api/templates", new { name = templateName }))
        {
        }

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
        using var verify = await new HttpClient { BaseAddress = topology.NginxUri }.GetAsync($"/api/verify/{code}");
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
    }

    [Fact]
    public async Task A_dry_run_reports_and_commits_nothing_and_all_good_rows_give_201()
    {
        using var staff = await StaffAsync();
        var title = $"Dry {Guid.NewGuid():N}";
        var rows = Enumerable.Range(1, 20).Select(i => new { recipientName = $"Person {i}", title }).ToArray();

        using var dry = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk?dryRun=true", rows);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal(20, (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issued").GetInt32());
        Assert.Equal(0, (await staff.GetJsonAsync($"/api/certificates?search={title}")).GetProperty("total").GetInt32());

        using var real = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", rows);
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.Equal(20, (await staff.GetJsonAsync($"/api/certificates?search={title}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Nothing_valid_empty_too_many_rows_or_too_large_a_body_are_refused()
    {
        using var staff = await StaffAsync();
        using var allBad = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", new[] { new { title = "no name" } });
        Assert.Equal(HttpStatusCode.BadRequest, allBad.StatusCode);

        using var empty = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", "[]");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var notArray = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", "{\"rows\":[]}");
        Assert.Equal(HttpStatusCode.BadRequest, notArray.StatusCode);

        var tooMany = "[" + string.Join(',', Enumerable.Repeat("{\"recipientName\":\"x\",\"title\":\"y\"}", 50_001)) + "]";
        using var many = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", tooMany);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.StatusCode);

        var huge = "[{\"recipientName\":\"" + new string('x', 11 * 1024 * 1024) + "\",\"title\":\"y\"}]";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates/bulk") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-CSRF-TOKEN", staff.CsrfToken);
        using var large = await staff.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }
}
