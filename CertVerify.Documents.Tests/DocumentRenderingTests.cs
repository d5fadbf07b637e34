using System.Text.Json;
using CertVerify.Tests.Documents;
using SkiaSharp;

namespace CertVerify.Documents.Tests;

/// <summary>The renderer in process, without the topology: layout parsing, bidi ordering, long text, and what poppler reads back.</summary>
[Trait("Tier", "Unit")]
public sealed class DocumentRenderingTests : IDisposable
{
    private readonly PdfTools _pdf = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"fields\": 3}")]
    [InlineData("{\"orientation\": 7, \"accentColor\": \"#12\", \"fields\": {\"title\": {\"x\": 1e308, \"size\": -4, \"maxLines\": 2.5, \"align\": 1}}}")]
    public void A_design_it_cannot_use_gives_the_default_landscape_page(string? design)
    {
        var layout = DocumentLayout.FromDesign(design);
        var defaults = DocumentLayout.Default(portrait: false);

        Assert.Equal((842f, 595f), (layout.Width, layout.Height));
        Assert.Equal(defaults.Title.X, layout.Title.X);
        Assert.Equal(defaults.Title.Size, layout.Title.Size);
        Assert.Equal(defaults.Accent, layout.Accent);
    }

    [Fact]
    public void A_design_sets_orientation_colours_and_fields()
    {
        var layout = DocumentLayout.FromDesign("""
            {"orientation": "portrait", "accentColor": "#7A1F5C", "fields": {"title": {"x": 60, "size": 40, "align": "left", "bold": false},
             "qr": {"x": 10, "y": 20, "size": 80}, "code": {"visible": false}}}
            """);

        Assert.True(layout.Portrait);
        Assert.Equal((595f, 842f), (layout.Width, layout.Height));
        Assert.Equal(new SKColor(0x7A, 0x1F, 0x5C), layout.Accent);
        Assert.Equal(new FieldStyle(60, layout.Title.Y, layout.Title.Width, 40, layout.Title.Color, TextAlign.Left, layout.Title.MaxLines, FontWeight.Regular), layout.Title);
        Assert.Equal(new QrStyle(10, 20, 80), layout.Qr);
        Assert.False(layout.Code.Visible);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_defaults_written_as_a_design_read_back_as_the_defaults(bool portrait)
    {
        var defaults = DocumentLayout.Default(portrait);
        using var design = JsonDocument.Parse(defaults.ToDesign().ToJsonString());

        var layout = DocumentLayout.FromDesign(design.RootElement, out var ignored);

        Assert.Empty(ignored);
        Assert.Equal(defaults, layout);
    }

    [Fact]
    public void What_a_design_gets_wrong_is_named_by_its_path_and_what_is_unknown_is_not()
    {
        using var design = JsonDocument.Parse("""
            {"orientation": "Portrait", "border": "yes", "ribbon": {"x": "no"},
             "fields": {"title": {"size": 0, "maxLines": 2.5, "font": "Comic"}, "qr": {"x": 10, "y": 10, "size": 900}, "seal": 1, "code": []}}
            """);

        DocumentLayout.FromDesign(design.RootElement, out var ignored);

        Assert.Equal(["border", "fields.code", "fields.qr.size", "fields.title.maxLines", "fields.title.size", "orientation"], ignored.Keys.Order());
        Assert.Equal("fields.title.maxLines must be a whole number from 1 to 20.", ignored["fields.title.maxLines"]);
        Assert.Equal("orientation must be one of \"landscape\", \"portrait\".", ignored["orientation"]);
    }

    [Theory]
    [InlineData("Mariam 2024 مريم 12 الحسيني", false, new[] { "Mariam 2024 ", "الحسيني", " ", "12", "مريم " })]
    [InlineData("مريم (Zoë) الحسيني", true, new[] { "الحسيني", ") ", "Zoë", " (", "مريم" })]
    [InlineData("Zoë مريم 李小龍 שלום", false, new[] { "Zoë ", "مريم", " ", "李小龍 ", "שלום" })]
    public void Runs_are_laid_out_in_visual_order(string text, bool rightToLeft, string[] expected)
    {
        var line = new TextShaper(Samples.Fonts).ShapeLine(text, 20, FontWeight.Regular, rightToLeft);

        Assert.Equal(expected, line.Runs.Select(r => System.Text.Encoding.UTF8.GetString(r.Run.Utf8)));
        Assert.Equal(line.Runs.Select(r => r.X).Order(), line.Runs.Select(r => r.X));
        Assert.All(line.Runs, r => Assert.DoesNotContain((ushort)0, r.Run.Glyphs)); // no missing glyph anywhere
    }

    [Fact]
    public async Task Every_script_is_drawn_and_reads_back_and_overlong_text_is_shortened()
    {
        var renderer = Samples.Renderer;
        var name = "Zoë مريم 李小龍 שלום";
        var description = string.Join(' ', Enumerable.Repeat("A very long description that cannot possibly fit in four lines.", 60));
        var pdf = _pdf.Save(renderer.RenderPdf(Samples.Content(name, description, new DocumentMark("REVOKED", "REVOKED on 1 May 2026: no longer valid.")), DocumentLayout.Default(false)));

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

        var png = renderer.RenderPng(Samples.Content(name), DocumentLayout.Default(portrait: true), 1);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((595, 842), (bitmap.Width, bitmap.Height));
    }

    public void Dispose() => _pdf.Dispose();
}
