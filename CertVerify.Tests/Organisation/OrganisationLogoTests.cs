using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace CertVerify.Tests.Organisation;

/// <summary>
/// The organisation logo: uploaded by Admins as the request body, its type read from its bytes (PNG, JPEG, WebP; never
/// SVG), at most 512 KB, served from our origin with caching headers, audited.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class OrganisationLogoTests(InProcessFixture app)
{
    private const int MaxBytes = 512 * 1024;

    private static Task<HttpResponseMessage> UploadAsync(ApiSession session, HttpContent content) =>
        session.SendContentAsync(HttpMethod.Put, "/api/organisation/logo", content);

    private static ByteArrayContent Image(byte[] bytes, string declaredType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return content;
    }

    [Fact]
    public async Task An_uploaded_logo_is_served_from_our_origin_with_caching_headers_and_the_profile_points_to_it()
    {
        using var admin = await app.SignInAsAdminAsync();
        var png = TestImages.LogoPng();
        using var uploaded = await UploadAsync(admin, Image(png, "image/png"));
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var logoUrl = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("logoUrl").GetString()!;
        var address = new Uri(logoUrl);
        Assert.Equal("/api/organisation/logo", address.AbsolutePath);
        Assert.StartsWith("?v=", address.Query);
        Assert.Equal(logoUrl, (await admin.GetJsonAsync("/api/organisation")).GetProperty("logoUrl").GetString());

        using var anonymous = app.CreateClient();
        using (var served = await anonymous.GetAsync(address.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
            Assert.Contains("immutable", served.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        }

        using var bare = await anonymous.GetAsync("/api/organisation/logo");
        Assert.Equal(TimeSpan.FromMinutes(5), bare.Headers.CacheControl?.MaxAge);
        var etag = bare.Headers.ETag!;
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/organisation/logo");
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await anonymous.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // The type is read from the bytes, whatever the client declares.
        using var jpeg = await UploadAsync(admin, Image(TestImages.JpegLike(), "image/png"));
        Assert.Equal(HttpStatusCode.OK, jpeg.StatusCode);
        using (var served = await anonymous.GetAsync("/api/organisation/logo"))
        {
            Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
            Assert.NotEqual(etag, served.Headers.ETag);
        }

        using var webp = await UploadAsync(admin, Image(TestImages.WebPLike(), "application/octet-stream"));
        Assert.Equal(HttpStatusCode.OK, webp.StatusCode);
        using (var served = await anonymous.GetAsync("/api/organisation/logo"))
        {
            Assert.Equal("image/webp", served.Content.Headers.ContentType?.MediaType);
        }

        // Exactly the limit is accepted.
        using var largest = await UploadAsync(admin, Image(TestImages.PngOfSize(MaxBytes), "image/png"));
        Assert.Equal(HttpStatusCode.OK, largest.StatusCode);

        var audit = await admin.GetJsonAsync("/api/audit?action=organisation.logo_update&target=organisation&pageSize=5");
        var latest = audit.GetProperty("items")[0];
        Assert.Equal(TestApplication.AdminEmail, latest.GetProperty("actorEmail").GetString());
        Assert.Equal("image/png", latest.GetProperty("detail").GetProperty("contentType").GetString());
        Assert.Equal(MaxBytes, latest.GetProperty("detail").GetProperty("bytes").GetInt32());
    }

    [Fact]
    public async Task Removing_the_logo_stops_serving_it_and_clears_the_profiles_address()
    {
        using var admin = await app.SignInAsAdminAsync();
        using (var uploaded = await UploadAsync(admin, Image(TestImages.LogoPng(16), "image/png")))
        {
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        }

        using var removed = await admin.SendAsync(HttpMethod.Delete, "/api/organisation/logo");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var gone = await admin.Client.GetAsync("/api/organisation/logo");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Null, (await admin.GetJsonAsync("/api/organisation")).GetProperty("logoUrl").ValueKind);
        using var again = await admin.SendAsync(HttpMethod.Delete, "/api/organisation/logo");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);

        var audit = await admin.GetJsonAsync("/api/audit?action=organisation.logo_remove&target=organisation&pageSize=1");
        Assert.Equal(1, audit.GetProperty("items").GetArrayLength());
    }

    public static TheoryData<string, byte[], string, HttpStatusCode> BadUploads => new()
    {
        { "SVG (it can carry scripts)", TestImages.Svg(), "image/svg+xml", HttpStatusCode.UnsupportedMediaType },
        { "SVG declared as PNG", TestImages.Svg(), "image/png", HttpStatusCode.UnsupportedMediaType },
        { "GIF", TestImages.Gif(), "image/gif", HttpStatusCode.UnsupportedMediaType },
        { "HTML declared as PNG", "<html><script>alert(1)</script></html>"u8.ToArray(), "image/png", HttpStatusCode.UnsupportedMediaType },
        { "JSON", "{}"u8.ToArray(), "application/json", HttpStatusCode.UnsupportedMediaType },
        { "one byte over the limit", TestImages.PngOfSize(MaxBytes + 1), "image/png", HttpStatusCode.RequestEntityTooLarge },
        { "far too big", TestImages.PngOfSize(5 * 1024 * 1024), "image/png", HttpStatusCode.RequestEntityTooLarge },
        { "empty", [], "image/png", HttpStatusCode.BadRequest },
    };

    // Not enumerated at discovery: serializing the megabytes of each case into the test list made discovery take minutes.
    [Theory]
    [MemberData(nameof(BadUploads), DisableDiscoveryEnumeration = true)]
    public async Task Bad_uploads_are_refused_with_problem_details_and_leave_the_logo_alone(
        string what, byte[] bytes, string declaredType, HttpStatusCode expected)
    {
        using var admin = await app.SignInAsAdminAsync();
        var before = (await admin.GetJsonAsync("/api/organisation")).GetProperty("logoUrl").ToString();

        using var response = await UploadAsync(admin, Image(bytes, declaredType));
        Assert.True(response.StatusCode == expected, $"{what}: {(int)response.StatusCode}, expected {(int)expected}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("logo", Problems.FieldsNamed(problem));
        }

        Assert.Equal(before, (await admin.GetJsonAsync("/api/organisation")).GetProperty("logoUrl").ToString());
    }

    [Fact]
    public async Task A_body_too_big_is_refused_even_without_a_content_length()
    {
        using var admin = await app.SignInAsAdminAsync();
        // StreamContent of unknown length arrives without one, so only reading tells the size. (Nginx would buffer the
        // body and send it on with a length: this is what a replica must do when reached another way.)
        var content = new StreamContent(new UnseekableStream(TestImages.PngOfSize(MaxBytes + 100)));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await UploadAsync(admin, content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Only_admins_upload_or_remove_the_logo()
    {
        var (email, password, _) = await app.CreateUserAsync("Staff");
        using var staff = await app.SignInAsync(email, password);
        using var upload = await UploadAsync(staff, Image(TestImages.LogoPng(8), "image/png"));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        using var remove = await staff.SendAsync(HttpMethod.Delete, "/api/organisation/logo");
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);

        using var anonymous = app.NewSession();
        using var anonymousUpload = await UploadAsync(anonymous, Image(TestImages.LogoPng(8), "image/png"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousUpload.StatusCode);
    }

    /// <summary>A stream that cannot tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
