using System.Net.Http.Json;
using System.Net;
using System.Text;

namespace CertVerify.Tests.Hosting;

/// <summary>Every malformed request gets a 4xx problem-details answer naming what was wrong; never a 5xx.</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class BadInputTests(InProcessFixture app)
{
    private static readonly string TooLong = new('x', 5000);

    public static TheoryData<string, string, string, string?> Bodies => new()
    {
        // method, path, body, the field the answer must name (null: just a 4xx problem)
        { "POST", "/api/auth/register", "{\"email\":", "email" },
        { "POST", "/api/auth/register", "not json at all", "body" },
        { "POST", "/api/auth/register", "{\"email\":5,\"password\":\"long-enough-pass\",\"name\":\"x\"}", "email" },
        { "POST", "/api/auth/register", "{\"email\":\"a@b.test\",\"password\":[1],\"name\":\"x\"}", "password" },
        { "POST", "/api/auth/register", "{}", "Email" },
        { "POST", "/api/auth/register", "{\"email\":\"not-an-email\",\"password\":\"long-enough-pass\",\"name\":\"x\"}", "Email" },
        { "POST", "/api/auth/register", $"{{\"email\":\"a@b.test\",\"password\":\"long-enough-pass\",\"name\":\"{TooLong}\"}}", "Name" },
        { "POST", "/api/auth/register", $"{{\"email\":\"a@b.test\",\"password\":\"{TooLong}\",\"name\":\"x\"}}", "Password" },
        { "POST", "/api/auth/register", "{\"email\":\"a@b.test\",\"password\":\"short\",\"name\":\"x\"}", "password" },
        { "POST", "/api/auth/register", "[]", "body" },
        { "POST", "/api/auth/register", "null", null },
        { "POST", "/api/auth/login", "{\"email\":null,\"password\":null}", "Email" },
        { "POST", "/api/auth/login", $"{{\"email\":\"{TooLong}\",\"password\":\"x\"}}", "Email" },
        { "POST", "/api/auth/login", "{\"email\":{\"$ne\":1},\"password\":\"x\"}", "email" },
        { "POST", "/api/auth/password", "{\"currentPassword\":true}", "currentPassword" },
        { "POST", "/api/auth/password", "{}", "CurrentPassword" },
        { "POST", "/api/users", "{\"email\":\"a@b.test\",\"name\":\"x\",\"password\":\"long-enough-pass\",\"role\":\"Emperor\"}", "role" },
        { "POST", "/api/users", "{\"email\":\"a@b.test\",\"name\":\"x\",\"password\":\"long-enough-pass\",\"role\":2}", "role" },
        { "POST", "/api/users", "{\"email\":\"a@b.test\",\"name\":\"x\",\"password\":\"long-enough-pass\"}", "Role" },
        { "POST", "/api/auth/login", "{\"email\":\"a\\u0000@b.test\",\"password\":\"x\"}", "email" },
        { "POST", "/api/auth/register", "{\"email\":\"nul@b.test\",\"password\":\"long-enough-pass\",\"name\":\"a\\u0000b\"}", "name" },
        { "POST", "/api/users", "{\"email\":\"a@b.test\",\"name\":\"\",\"password\":\"long-enough-pass\",\"role\":\"Staff\"}", "Name" },
        { "PATCH", "/api/users/00000000-0000-0000-0000-000000000001", "{\"disabled\":\"yes\"}", "disabled" },
        { "PATCH", "/api/users/00000000-0000-0000-0000-000000000001", "{\"role\":\"root\"}", "role" },
        { "PATCH", "/api/users/00000000-0000-0000-0000-000000000001", "{\"role\":\"\"}", "role" },
        { "POST", "/api/keys", "{\"name\":\"\"}", "Name" },
        { "POST", "/api/keys", $"{{\"name\":\"{TooLong}\"}}", "Name" },
        { "POST", "/api/keys", "{\"name\":12}", "name" },
        { "POST", "/api/certificates/bulk", "", "body" },
        { "POST", "/api/certificates/bulk", "null", "body" },
        { "POST", "/api/certificates/bulk", "[{\"recipientName\":", "body" },
        { "POST", "/api/certificates/bulk", "[{\"recipientName\":\"x\",\"title\":\"y\",\"issuedAt\":\"yesterday\"}]", "body" },
        { "POST", "/api/certificates/bulk", "[{\"recipientName\":\"a\\u0000b\",\"title\":\"y\"}]", "body" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Malformed_bodies_get_400_naming_the_field(string method, string path, string body, string? field)
    {
        using var admin = await app.SignInAsAdminAsync();
        using var response = await admin.SendAsync(new HttpMethod(method), path, body);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.Contains(field, Problems.FieldsNamed(problem));
        }
    }

    [Theory]
    [InlineData("/api/users?page=0")]
    [InlineData("/api/users?pageSize=101")]
    [InlineData("/api/users?pageSize=-5")]
    [InlineData("/api/users?page=abc")]
    [InlineData("/api/users?role=Emperor")]
    [InlineData("/api/audit?from=yesterday")]
    [InlineData("/api/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("/api/keys?all=maybe")]
    [InlineData("/api/users?search=a%00b")]
    [InlineData("/api/audit?actor=%00")]
    public async Task Bad_query_values_get_400(string path)
    {
        using var admin = await app.SignInAsAdminAsync();
        using var response = await admin.Client.GetAsync(path);
        await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_paths_get_problem_details()
    {
        using var anonymous = app.CreateClient();
        using var response = await anonymous.GetAsync("/api/no-such-thing");
        await Problems.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/users/not-a-guid")]
    [InlineData("GET", "/api/users/00000000-0000-0000-0000-000000000001")]
    [InlineData("DELETE", "/api/keys/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/users/00000000-0000-0000-0000-000000000001/sessions")]
    [InlineData("GET", "/api/../etc/passwd")]
    [InlineData("GET", "/api/users/%2e%2e%2f%2e%2e")]
    public async Task Unknown_resources_get_404(string method, string path)
    {
        using var admin = await app.SignInAsAdminAsync();
        using var response = await admin.SendAsync(new HttpMethod(method), path);
        await Problems.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/audit?from=2026-01-01T00:00:00%2B02:00&to=2026-12-31T23:59:59-05:00")]
    [InlineData("/api/certificates?issuedFrom=2026-01-01T00:00:00%2B09:00")]
    public async Task Dates_with_time_zones_are_accepted(string path)
    {
        using var admin = await app.SignInAsAdminAsync();
        using var response = await admin.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_longest_allowed_email_is_refused_politely_not_with_500()
    {
        var email = new string('a', 240) + "@example.test";
        using var anonymous = app.NewSession();
        using var response = await anonymous.Client.PostAsJsonAsync("/api/auth/login", new { email, password = "whatever-password" });
        await Problems.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/auth/login", "application/x-www-form-urlencoded", "email=a&password=b")]
    [InlineData("/api/auth/login", "application/json; charset=bogus", "{}")]
    [InlineData("/api/auth/login", "application/json; charset=iso-8859-1", "{}")]
    [InlineData("/api/verify", "application/json; charset=utf-16", "{}")]
    [InlineData("/api/verify/credential", "application/jwt; charset=latin1", "a.b.c")]
    public async Task A_body_that_is_not_utf8_json_gets_415(string path, string contentType, string body)
    {
        using var anonymous = app.NewSession();
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await anonymous.Client.PostAsync(path, content);
        await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_json_body_with_an_unknown_charset_gets_415_when_signed_in_too()
    {
        using var admin = await app.SignInAsAdminAsync();
        var content = new StringContent("""{"recipientName":"x","title":"y"}""", Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
        using var response = await admin.SendContentAsync(HttpMethod.Post, "/api/certificates", content);
        await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Hostile_strings_are_stored_as_data_and_returned_as_given()
    {
        var name = "Robert'); DROP TABLE users;-- <script>alert(1)</script> Ünïcødé 名前 اسم";
        var email = $"hostile-{Guid.NewGuid():N}@example.test";
        using var anonymous = app.NewSession();
        using var created = await anonymous.Client.PostAsJsonAsync("/api/auth/register", new { email, password = "long-enough-password", name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var admin = await app.SignInAsAdminAsync();
        var found = await admin.GetJsonAsync($"/api/users?search={Uri.EscapeDataString("DROP TABLE")}");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), u => u.GetProperty("name").GetString() == name);
        var wildcard = await admin.GetJsonAsync("/api/users?search=%25");
        Assert.Equal(0, wildcard.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        using var anonymous = app.NewSession();
        foreach (var path in new[] { "/api/health", "/api/auth/me", "/no/such/page" })
        {
            using var response = await anonymous.Client.GetAsync(path);
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }
}
