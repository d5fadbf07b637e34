using System.Text;
using CertVerify.Tests.Documents;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace CertVerify.Documents.Tests;

/// <summary>The PDF: a valid file of one A4 page in the design's orientation, its metadata and attached credential read back with PDFsharp, its text with poppler.</summary>
[Trait("Tier", "Unit")]
public sealed class PdfOutputTests : IDisposable
{
    private readonly PdfTools _poppler = new();

    private static PdfDocument Open(byte[] pdf) => PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);

    /// <summary>The files embedded in the document (its /Names /EmbeddedFiles tree), by name.</summary>
    private static Dictionary<string, byte[]> Attachments(PdfDocument document)
    {
        var attachments = new Dictionary<string, byte[]>();
        var names = document.Internals.Catalog.Elements.GetDictionary("/Names")?.Elements.GetDictionary("/EmbeddedFiles")?.Elements.GetArray("/Names");
        for (var i = 0; names is not null && i + 1 < names.Elements.Count; i += 2)
        {
            var specification = (PdfDictionary)((PdfReference)names.Elements[i + 1]).Value;
            var file = specification.Elements.GetDictionary("/EF")!.Elements.GetDictionary("/F")!;
            attachments[names.Elements.GetString(i)] = file.Stream.UnfilteredValue;
        }

        return attachments;
    }

    [Theory]
    [InlineData(false, 842, 595)]
    [InlineData(true, 595, 842)]
    public void A_pdf_is_one_a4_page_in_the_layouts_orientation(bool portrait, double width, double height)
    {
        var pdf = Samples.Renderer.RenderPdf(Samples.Content(), DocumentLayout.Default(portrait));

        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.EndsWith("%%EOF", Encoding.ASCII.GetString(pdf[^16..]).TrimEnd());
        using var document = Open(pdf);
        Assert.Equal(1, document.PageCount);
        var page = document.Pages[0];
        Assert.Equal((width, height), (page.Width.Point, page.Height.Point));
    }

    [Fact]
    public void The_credential_is_attached_under_its_file_name_and_reads_back_byte_for_byte()
    {
        const string Credential = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImtleS0xIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ6b2UifQ.c2lnbmF0dXJl";
        var content = Samples.Content() with { Credential = Credential, CredentialFileName = "CV-7Q4M.jwt" };

        using var document = Open(Samples.Renderer.RenderPdf(content, DocumentLayout.Default(portrait: false)));

        var attachment = Assert.Single(Attachments(document));
        Assert.Equal("CV-7Q4M.jwt", attachment.Key);
        Assert.Equal(Credential, Encoding.ASCII.GetString(attachment.Value));
    }

    [Fact]
    public void Without_a_credential_nothing_is_attached()
    {
        var content = Samples.Content() with { Credential = null };

        using var document = Open(Samples.Renderer.RenderPdf(content, DocumentLayout.Default(portrait: false)));

        Assert.Empty(Attachments(document));
    }

    [Fact]
    public void The_metadata_names_the_certificate_its_recipient_and_issuer()
    {
        using var document = Open(Samples.Renderer.RenderPdf(Samples.Content("Анна Каренина"), DocumentLayout.Default(portrait: false)));

        Assert.Equal("Certificate of Completion: Анна Каренина", document.Info.Title);
        Assert.Equal("Université de Genève", document.Info.Author);
        Assert.Equal($"Certificate {Samples.Code}", document.Info.Subject);
        Assert.Equal("CertVerify", document.Info.Creator);
    }

    [Fact]
    public void Fonts_are_embedded_as_subsets_so_a_chinese_name_does_not_carry_the_whole_cjk_font()
    {
        var cjkFont = Samples.Fonts.Fallback(FontWeight.Regular).Single(f => f.Name == "DroidSansFallbackFull.ttf");

        var pdf = Samples.Renderer.RenderPdf(Samples.Content("李小龍 Zoë مريم"), DocumentLayout.Default(portrait: false));

        using var wholeFont = cjkFont.Typeface.OpenStream(out _);
        Assert.True(wholeFont.Length > 3_000_000, $"the CJK font itself is {wholeFont.Length} bytes");
        Assert.True(pdf.Length < 150_000, $"{pdf.Length} bytes");
    }

    [Fact]
    public async Task The_page_prints_every_visible_field_and_leaves_out_hidden_ones()
    {
        var content = Samples.Content(description: "Signatures, keys and trust.") with { ExpiresAt = new DateTimeOffset(2028, 3, 12, 0, 0, 0, TimeSpan.Zero) };
        var hidden = DocumentLayout.FromDesign("""{"fields": {"description": {"visible": false}, "code": {"visible": false}}}""");

        var shown = await _poppler.TextAsync(_poppler.Save(Samples.Renderer.RenderPdf(content, DocumentLayout.Default(portrait: false))));
        var withHidden = await _poppler.TextAsync(_poppler.Save(Samples.Renderer.RenderPdf(content, hidden)));

        foreach (var text in new[] { "Université de Genève", "Certificate of Completion", "Awarded to", "Zoë Durand", "Issued 12 March 2026",
                     "Expires 12 March 2028", $"Verify at {Samples.VerifyUrl}" })
        {
            Assert.Contains(text, shown);
            Assert.Contains(text, withHidden);
        }

        Assert.Contains("Signatures, keys and trust.", shown);
        Assert.DoesNotContain("Signatures", withHidden);
        Assert.Equal(2, shown.Split(Samples.Code).Length - 1); // the code, and the end of the link
        Assert.Equal(1, withHidden.Split(Samples.Code).Length - 1);
    }

    public void Dispose() => _poppler.Dispose();
}
