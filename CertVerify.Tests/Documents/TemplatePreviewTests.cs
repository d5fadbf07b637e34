using System.Net;
using System.Text;
using System.Text.Json;

namespace CertVerify.Tests.Documents;

/// <summary>
/// <c>POST /api/templates/preview</c> in process: a sample certificate drawn by the documents' renderer with the
/// design sent; every design value the renderer would ignore refused and named; keys of the designer's own ignored.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class TemplatePreviewTests(InProcessFixture app)
{
    private static async Task<byte[]> PreviewAsync(ApiSession session, string body)
    {
        using var response = await session.SendAsync(HttpMethod.Post, "/api/templates/preview", body);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return bytes;
    }

    private static async Task<JsonElement> RefusedAsync(ApiSession session, string body, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        using var response = await session.SendAsync(HttpMethod.Post, "/api/templates/preview", body);
        return await Problems.AssertAsync(response, expected);
    }

    [Fact]
    public async Task A_design_gives_a_png_of_its_page_and_each_change_shows()
    {
        using var staff = await app.SignInNewUserAsync("Staff");

        var landscape = await PreviewAsync(staff, """{"design":{}}""");
        Assert.Equal((842, 595), Png.AssertSize(landscape));
        var portrait = await PreviewAsync(staff, """{"design":{"orientation":"portrait","fields":{"title":{"size":40,"align":"left","x":60}}}}""");
        Assert.Equal((595, 842), Png.AssertSize(portrait));

        // The renderer draws what it is sent: a colour, a field's size, the sample's text each make another image.
        var accent = await PreviewAsync(staff, """{"design":{"accentColor":"#7A1F5C"}}""");
        var bigTitle = await PreviewAsync(staff, """{"design":{"fields":{"title":{"size":60}}}}""");
        var sample = await PreviewAsync(staff, """{"design":{},"sample":{"recipientName":"Zoë مريم 李小龍","title":"Applied Cryptography"}}""");
        Assert.Equal(5, new[] { landscape, portrait, accent, bigTitle, sample }.Select(Convert.ToBase64String).Distinct().Count());

        // No design at all is the default page; so is an Admin's preview of it.
        Assert.Equal(landscape, await PreviewAsync(staff, "{}"));
        using var admin = await app.SignInAsAdminAsync();
        Assert.Equal(landscape, await PreviewAsync(admin, """{"design":{}}"""));
    }

    [Fact]
    public async Task Keys_of_the_designers_own_are_ignored()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var plain = await PreviewAsync(staff, """{"design":{"fields":{"title":{"size":30}}}}""");

        var withOwnKeys = await PreviewAsync(staff, """
            {"design":{"ribbon":{"x":"anywhere","colour":12},"fields":{"title":{"size":30,"font":"Comic"},"seal":{"x":-1}},"notes":[1,null]},
             "editor":"v2"}
            """);

        Assert.Equal(plain, withOwnKeys);
    }

    /// <summary>Each value the layout cannot use is named by DocumentLayoutTests; here, how the answer names one.</summary>
    [Theory]
    [InlineData("""{"fields":{"title":{"size":1e9}}}""", "design.fields.title.size")]
    [InlineData("""{"fields":{"qr":[1,2]}}""", "design.fields.qr")]
    [InlineData("""{"orientation":"diagonal"}""", "design")]
    [InlineData("""[1,2]""", "design")]
    [InlineData("\"certificate\"", "design")]
    public async Task A_value_the_renderer_would_ignore_is_refused_and_named(string design, string field)
    {
        using var staff = await app.SignInNewUserAsync("Staff");

        var problem = await RefusedAsync(staff, $$"""{"design":{{design}}}""");

        Assert.Equal([field], Problems.FieldsNamed(problem));
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field)[0].GetString()!);
    }

    [Fact]
    public async Task Every_unusable_value_is_named_at_once_with_what_it_should_be()
    {
        using var staff = await app.SignInNewUserAsync("Staff");

        var problem = await RefusedAsync(staff, """
            {"design":{"accentColor":"blue","fields":{"title":{"size":1000,"x":"left"},"qr":{"visible":0}}}}
            """);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["design.accentColor", "design.fields.qr.visible", "design.fields.title.size", "design.fields.title.x"],
            errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal("fields.title.size must be a number from 4 to 144.", errors.GetProperty("design.fields.title.size")[0].GetString());
        Assert.Equal("fields.title.x must be a number from 0 to 842.", errors.GetProperty("design.fields.title.x")[0].GetString());
        Assert.Equal("fields.qr.visible must be true or false.", errors.GetProperty("design.fields.qr.visible")[0].GetString());
        Assert.StartsWith("accentColor must be a colour such as \"#1F3A5F\"", errors.GetProperty("design.accentColor")[0].GetString());
    }

    [Fact]
    public async Task Bodies_it_cannot_read_are_refused_with_problem_details()
    {
        using var staff = await app.SignInNewUserAsync("Staff");

        // The design is read whole: JSON broken anywhere inside it is named as "design".
        Assert.Equal(["design"], Problems.FieldsNamed(await RefusedAsync(staff, """{"design":{"fields":{"title":{"size":4""")));
        Assert.Equal(["design"], Problems.FieldsNamed(await RefusedAsync(staff, """{"design":{"fields":}}""")));
        Assert.Equal(["body"], Problems.FieldsNamed(await RefusedAsync(staff, """not json""")));
        Assert.Equal(["sample.title"], Problems.FieldsNamed(await RefusedAsync(staff, """{"design":{},"sample":{"title":7}}""")));
        var longName = await RefusedAsync(staff, JsonSerializer.Serialize(new { design = new { }, sample = new { recipientName = new string('x', 201) } }));
        Assert.Contains(Problems.FieldsNamed(longName), f => f.Equals("sample.recipientName", StringComparison.OrdinalIgnoreCase));

        // A design above the templates' 64 KB limit, and a body above the preview's 256 KB.
        var large = JsonSerializer.Serialize(new { design = new { notes = new string('x', 70 * 1024) } });
        Assert.Equal(["design"], Problems.FieldsNamed(await RefusedAsync(staff, large)));
        var huge = JsonSerializer.Serialize(new { design = new { }, sample = new { description = new string('x', 300 * 1024) } });
        await RefusedAsync(staff, huge, HttpStatusCode.RequestEntityTooLarge);

        using var text = await staff.SendContentAsync(HttpMethod.Post, "/api/templates/preview", new StringContent("{}", Encoding.UTF8, "text/plain"));
        await Problems.AssertAsync(text, HttpStatusCode.UnsupportedMediaType);
    }
}
