using CertVerify.Web.Documents;
using SkiaSharp;

namespace CertVerify.Tests.Documents;

/// <summary>The renderer alone, without a server: bidi ordering, long text, and what poppler reads back.</summary>
[Trait("Tier", "Unit")]
public sealed class DocumentRenderingTests : IDisposable
{
    private static readonly Lazy<FontSet> Fonts = new(() => new FontSet());
    private readonly PdfTools _pdf = new();

    private static DocumentContent Content(string name, string? description = null, DocumentMark? mark = null) => new(
        "Université de Genève", "Certificate of Completion", name, description, new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), null,
        "CV-7Q4M-K2XD-9HBT-W3NP-RS6F", "https://verify.example.org/verify/CV-7Q4M-K2XD-9HBT-W3NP-RS6F", mark, "a.b.c", "CV-7Q4M-K2XD-9HBT-W3NP-RS6F.jwt");

    [Theory]
    [InlineData("Mariam 2024 مريم 12 الحسيني", false, new[] { "Mariam 2024 ", "الحسيني", " ", "12", "مريم " })]
    [InlineData("مريم (Zoë) الحسيني", true, new[] { "الحسيني", ") ", "Zoë", " (", "مريم" })]
    [InlineData("Zoë مريم 李小龍 שלום", false, new[] { "Zoë ", "مريم", " ", "李小龍 ", "שלום" })]
    public void Runs_are_laid_out_in_visual_order(string text, bool rightToLeft, string[] expected)
    {
        var line = new TextShaper(Fonts.Value).ShapeLine(text, 20, FontWeight.Regular, rightToLeft);

        Assert.Equal(expected, line.Runs.Select(r => System.Text.Encoding.UTF8.GetString(r.Run.Utf8)));
        Assert.Equal(line.Runs.Select(r => r.X).Order(), line.Runs.Select(r => r.X));
        Assert.All(line.Runs, r => Assert.DoesNotContain((ushort)0, r.Run.Glyphs)); // no missing glyph anywhere
    }

    [Fact]
    public async Task Every_script_is_drawn_and_reads_back_and_overlong_text_is_shortened()
    {
        var renderer = new CertificateRenderer(Fonts.Value);
        var name = "Zoë مريم 李小龍 שלום";
        var description = string.Join(' ', Enumerable.Repeat("A very long description that cannot possibly fit in four lines.", 60));
        var pdf = _pdf.Save(renderer.RenderPdf(Content(name, description, new DocumentMark("REVOKED", "REVOKED on 1 May 2026: no longer valid.")), DocumentLayout.Default(false)));

        var text = await _pdf.TextAsync(pdf);
        foreach (var part in name.Split(' '))
        {
            Assert.Contains(part, text);
        }

        Assert.Contains("Université de Genève", text);
        Assert.Contains("REVOKED on 1 May 2026", text);
        Assert.Contains("…", text);
        Assert.True(text.Split("A very long description").Length - 1 < 20, "the description is cut to its lines");
        Assert.Contains("1: CV-7Q4M-K2XD-9HBT-W3NP-RS6F.jwt", await _pdf.AttachmentsAsync(pdf));

        var png = renderer.RenderPng(Content(name), DocumentLayout.Default(portrait: true), 1);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((595, 842), (bitmap.Width, bitmap.Height));
    }

    public void Dispose() => _pdf.Dispose();
}
