using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using CertVerify.Tests.Browser;
using CertVerify.Tests.Credentials;

namespace CertVerify.Tests.Documents;

/// <summary>
/// Certificate documents of one instance in process, read back with poppler-utils: what the PDF says (text extraction), which fonts
/// it embeds, its page size and its attachment; the PNG's signature and size; the status mark; the cache.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class DocumentsTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _public = app.CreateClient();
    private readonly PdfTools _pdf = new();

    private static string Code(JsonElement certificate) => certificate.GetProperty("code").GetString()!;

    private async Task<(byte[] Bytes, HttpResponseMessage Response)> GetDocumentAsync(string code, string format, HttpClient? via = null)
    {
        var response = await (via ?? _public).GetAsync($"/api/certificates/{code}/{format}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{format} of {code}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return (bytes, response);
    }

    private async Task<string> PdfAsync(string code, HttpClient? via = null)
    {
        var (bytes, response) = await GetDocumentAsync(code, "pdf", via);
        using (response)
        {
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        }

        return _pdf.Save(bytes);
    }

    [Theory]
    [InlineData("Zoë Ådahl-Çelik", "NotoSans-Bold")]
    [InlineData("李小龍", "DroidSansFallback")]
    [InlineData("مريم الحسيني", "NotoSansArabic-Bold")]
    [InlineData("דוד כהן", "NotoSansHebrew-Bold")]
    public async Task A_pdf_prints_the_certificate_in_every_script_with_its_code_link_and_credential(string name, string nameFont)
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new
        {
            recipientName = name,
            title = "Applied Cryptography",
            description = "Signatures, keys and trust. 签名与信任。",
            expiresAt = DateTimeOffset.UtcNow.AddYears(2),
        });
        var code = Code(certificate);

        using var response = await _public.GetAsync($"/api/certificates/{code}/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"inline; filename=\"{code}.pdf\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var pdf = await PdfAsync(code);

        // What pdftotext reads, with only the bidi control characters it wraps right-to-left runs in removed. The
        // PDF maps each shaped glyph back to its characters (Arabic joining forms included), so the name comes out
        // exactly for every script here, Arabic and Hebrew in logical order.
        var text = await _pdf.TextAsync(pdf);
        Assert.Contains(code, text);
        Assert.Contains("Applied Cryptography", text);
        Assert.Contains(name, text);
        Assert.Contains("签名与信任", text);
        Assert.Contains("Awarded to", text);
        Assert.Contains($"/verify/{code}", text);
        Assert.Contains("Expires", text);
        Assert.DoesNotContain("REVOKED", text);

        // The bundled font for the name's script is embedded, as a subset.
        var fonts = await _pdf.FontsAsync(pdf);
        Assert.Contains("+" + nameFont, fonts);
        Assert.Contains("Page size:       842 x 595 pts (A4)", await _pdf.InfoAsync(pdf));
        Assert.True(new FileInfo(pdf).Length < 200_000, $"{new FileInfo(pdf).Length} bytes: fonts should be subset");

        // The attachment is the signed credential: the same kind of VC-JWT as the credential endpoint's, and valid.
        Assert.Contains($"1: {code}.jwt", await _pdf.AttachmentsAsync(pdf));
        var attached = Jws.Parse(Encoding.ASCII.GetString(await _pdf.AttachmentAsync(pdf, 1)).Trim());
        var published = Jws.Parse(await _public.GetStringAsync($"/api/certificates/{code}/credential"));
        Assert.Equal(published.Header.GetProperty("kid").GetString(), attached.Header.GetProperty("kid").GetString());
        Assert.Equal("JWT", attached.Header.GetProperty("typ").GetString());
        Assert.Equal(published.Payload.GetProperty("id").GetString(), attached.Payload.GetProperty("id").GetString());
        Assert.Equal(published.Payload.GetProperty("credentialSubject").GetRawText(), attached.Payload.GetProperty("credentialSubject").GetRawText());

        using var verified = await _public.PostAsJsonAsync("/api/verify/credential", new { credential = attached.Raw });
        var verdict = await verified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verified.StatusCode == HttpStatusCode.OK, verdict.GetRawText());
        Assert.Equal("valid", verdict.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_png_is_the_same_page_as_an_image_at_twice_the_resolution()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var code = Code(await staff.IssueCertificateAsync(new
        {
            recipientName = "Zoë مريم 李小龍",
            title = "Applied Cryptography",
            description = "Signatures, keys and trust: twelve weeks of theory and practice, with distinction.",
            expiresAt = DateTimeOffset.UtcNow.AddYears(3),
        }));

        var (png, response) = await GetDocumentAsync(code, "png");
        using (response)
        {
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"inline; filename=\"{code}.png\"", response.Content.Headers.ContentDisposition?.ToString());
        }

        Assert.Equal((1684, 1190), Png.AssertSize(png));

        // The README shows it (docs/images/certificate.png is this file, copied after a run).
        Directory.CreateDirectory(BrowserPage.ScreenshotDirectory);
        await File.WriteAllBytesAsync(Path.Combine(BrowserPage.ScreenshotDirectory, "certificate.png"), png);
    }

    [Fact]
    public async Task A_revoked_or_suspended_certificate_is_marked_as_such_even_after_its_document_was_cached()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var revoked = await staff.IssueCertificateAsync(new { recipientName = "Ada Lovelace", title = "Engines" });
        var suspended = await staff.IssueCertificateAsync(new { recipientName = "Alan Turing", title = "Machines" });
        foreach (var certificate in new[] { revoked, suspended })
        {
            Assert.DoesNotContain("REVOKED", await _pdf.TextAsync(await PdfAsync(Code(certificate))));
        }

        using (var response = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{revoked.GetProperty("id")}/revoke", new { reason = "Issued in error" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{suspended.GetProperty("id")}/suspend", new { reason = "Under review" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The status is part of the cached document's version: the next request renders the new one at once.
        var revokedText = await _pdf.TextAsync(await PdfAsync(Code(revoked)));
        Assert.Contains("REVOKED on ", revokedText);
        Assert.Contains("no longer valid", revokedText);
        Assert.Contains("Ada Lovelace", revokedText);
        var suspendedText = await _pdf.TextAsync(await PdfAsync(Code(suspended)));
        Assert.Contains("SUSPENDED on ", suspendedText);
        Assert.DoesNotContain("REVOKED", suspendedText);
    }

    [Fact]
    public async Task A_template_design_sets_the_page_and_a_design_it_cannot_use_changes_nothing()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        async Task<Guid> TemplateAsync(string design)
        {
            using var created = await staff.SendAsync(HttpMethod.Post, "/api/templates", $$"""{"name":"Documents {{Guid.NewGuid():N}}","design":{{design}}}""");
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        var portrait = await TemplateAsync("""
            {"orientation":"portrait","accentColor":"#7a1f5c","backgroundColor":"#fffdf5",
             "fields":{"title":{"size":40,"color":"#000000","align":"left","x":60,"y":200},"qr":{"size":90},"description":{"visible":false}}}
            """);
        var code = Code(await staff.IssueCertificateAsync(new { recipientName = "Grace Hopper", title = "Compilers", description = "Hidden by the design", templateId = portrait }));
        var pdf = await PdfAsync(code);
        Assert.Contains("Page size:       595 x 842 pts (A4)", await _pdf.InfoAsync(pdf));
        var text = await _pdf.TextAsync(pdf);
        Assert.Contains("Compilers", text);
        Assert.DoesNotContain("Hidden by the design", text);

        // Wrong types, values off the page, unknown keys: ignored, the defaults used instead.
        var odd = await TemplateAsync("""
            {"accentColor":"blue-ish","textColor":12,"border":"yes","fields":{"title":{"x":-5000,"y":"top","size":1e9,"maxLines":0,"align":"justify"},
             "qr":[1,2],"recipientName":null,"code":{"color":"#zzzzzz"},"unknown":{"x":1}},"other":{"anything":true}}
            """);
        var oddCode = Code(await staff.IssueCertificateAsync(new { recipientName = "Katherine Johnson", title = "Trajectories", templateId = odd }));
        var oddPdf = await PdfAsync(oddCode);
        Assert.Contains("Page size:       842 x 595 pts (A4)", await _pdf.InfoAsync(oddPdf));
        var oddText = await _pdf.TextAsync(oddPdf);
        Assert.Contains("Trajectories", oddText);
        Assert.Contains("Katherine Johnson", oddText);
        Assert.Contains(oddCode, oddText);
        var (png, response) = await GetDocumentAsync(oddCode, "png");
        response.Dispose();
        Png.AssertSize(png);
    }

    [Fact]
    public async Task Unknown_codes_are_not_found_and_malformed_ones_are_refused()
    {
        foreach (var format in new[] { "pdf", "png" })
        {
            using var unknown = await _public.GetAsync($"/api/certificates/CV-0000-0000-0000-0000-0000/{format}");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

            using var malformed = await _public.GetAsync($"/api/certificates/not-a-code/{format}");
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
            Assert.Equal(["code"], Problems.FieldsNamed(await malformed.Content.ReadFromJsonAsync<JsonElement>()));
        }
    }

    /// <summary>
    /// Counted by the instance (<c>documents</c> in <c>/api/instances/self</c>), not timed: asked for the same document
    /// three times, it renders it once. (Across replicas the copy in Redis is shared too, but HybridCache writes
    /// it there asynchronously, so that is not asserted here.)
    /// </summary>
    [Fact]
    public async Task A_document_is_rendered_once_and_then_served_from_the_cache()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var code = Code(await staff.IssueCertificateAsync(new { recipientName = "Cache Twice", title = "Caching" }));
        using var admin = await app.SignInAsAdminAsync();

        async Task<(long Rendered, long Cached)> CountsAsync()
        {
            var documents = (await admin.GetJsonAsync("/api/instances/self")).GetProperty("documents");
            return (documents.GetProperty("rendered").GetInt64(), documents.GetProperty("servedFromCache").GetInt64());
        }

        var before = await CountsAsync();
        var first = await GetDocumentAsync(code, "pdf");
        first.Response.Dispose();
        for (var i = 0; i < 2; i++)
        {
            var again = await GetDocumentAsync(code, "pdf");
            again.Response.Dispose();
            Assert.Equal(first.Bytes, again.Bytes);
        }

        var after = await CountsAsync();
        Assert.Equal(1, after.Rendered - before.Rendered);
        Assert.Equal(2, after.Cached - before.Cached);
    }

    public void Dispose()
    {
        _public.Dispose();
        _pdf.Dispose();
    }
}
