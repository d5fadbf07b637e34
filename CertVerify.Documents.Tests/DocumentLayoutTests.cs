using System.Text.Json;
using SkiaSharp;

namespace CertVerify.Documents.Tests;

/// <summary>A template's design JSON: what it leaves out takes the default, and each value it gets wrong is named by its path.</summary>
[Trait("Tier", "Unit")]
public sealed class DocumentLayoutTests
{
    private const string Colour = "must be a colour such as \"#1F3A5F\" (#RRGGBB, or #AARRGGBB with opacity).";

    private static DocumentLayout Read(string design, out IReadOnlyDictionary<string, string> ignored)
    {
        using var document = JsonDocument.Parse(design);
        return DocumentLayout.FromDesign(document.RootElement, out ignored);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"fields": {}}""")]
    [InlineData("""{"ribbon": {"x": "no"}, "fields": {"seal": {"size": -1}, "title": {"font": "Comic"}}}""")]
    public void A_design_that_sets_nothing_known_is_the_default_landscape_page_with_nothing_reported(string design)
    {
        var layout = Read(design, out var ignored);

        Assert.Empty(ignored);
        Assert.Equal(DocumentLayout.Default(portrait: false), layout);
        Assert.Equal((DocumentLayout.A4Long, DocumentLayout.A4Short), (layout.Width, layout.Height));
    }

    [Theory]
    [InlineData("""{"orientation": "square"}""", "orientation", "must be one of \"landscape\", \"portrait\".")]
    [InlineData("""{"orientation": "Portrait"}""", "orientation", "must be one of \"landscape\", \"portrait\".")]
    [InlineData("""{"backgroundColor": "white"}""", "backgroundColor", Colour)]
    [InlineData("""{"accentColor": "#12345"}""", "accentColor", Colour)]
    [InlineData("""{"textColor": 1193046}""", "textColor", Colour)]
    [InlineData("""{"textColor": "#FF00FF00FF"}""", "textColor", Colour)]
    [InlineData("""{"border": "yes"}""", "border", "must be true or false.")]
    [InlineData("""{"fields": []}""", "fields", "must be an object.")]
    [InlineData("""{"fields": {"issuer": "big"}}""", "fields.issuer", "must be an object.")]
    [InlineData("""{"fields": {"title": {"x": 843}}}""", "fields.title.x", "must be a number from 0 to 842.")]
    [InlineData("""{"fields": {"title": {"x": 1e308}}}""", "fields.title.x", "must be a number from 0 to 842.")]
    [InlineData("""{"fields": {"recipientName": {"y": -1}}}""", "fields.recipientName.y", "must be a number from 0 to 595.")]
    [InlineData("""{"fields": {"description": {"width": 9}}}""", "fields.description.width", "must be a number from 10 to 842.")]
    [InlineData("""{"fields": {"dates": {"size": 145}}}""", "fields.dates.size", "must be a number from 4 to 144.")]
    [InlineData("""{"fields": {"dates": {"size": "12"}}}""", "fields.dates.size", "must be a number from 4 to 144.")]
    [InlineData("""{"fields": {"code": {"color": "#GG0000"}}}""", "fields.code.color", Colour)]
    [InlineData("""{"fields": {"verifyUrl": {"align": "justify"}}}""", "fields.verifyUrl.align", "must be one of \"left\", \"center\", \"centre\", \"right\".")]
    [InlineData("""{"fields": {"awardedTo": {"maxLines": 0}}}""", "fields.awardedTo.maxLines", "must be a whole number from 1 to 20.")]
    [InlineData("""{"fields": {"awardedTo": {"maxLines": 21}}}""", "fields.awardedTo.maxLines", "must be a whole number from 1 to 20.")]
    [InlineData("""{"fields": {"awardedTo": {"maxLines": 1.5}}}""", "fields.awardedTo.maxLines", "must be a whole number from 1 to 20.")]
    [InlineData("""{"fields": {"issuer": {"bold": "true"}}}""", "fields.issuer.bold", "must be true or false.")]
    [InlineData("""{"fields": {"title": {"visible": 0}}}""", "fields.title.visible", "must be true or false.")]
    [InlineData("""{"fields": {"qr": 1}}""", "fields.qr", "must be an object.")]
    [InlineData("""{"fields": {"qr": {"size": 19}}}""", "fields.qr.size", "must be a number from 20 to 595.")]
    [InlineData("""{"fields": {"qr": {"x": 733}}}""", "fields.qr.x", "must be a number from 0 to 732.")]
    [InlineData("""{"fields": {"qr": {"y": 486}}}""", "fields.qr.y", "must be a number from 0 to 485.")]
    [InlineData("""{"fields": {"qr": {"visible": "no"}}}""", "fields.qr.visible", "must be true or false.")]
    public void A_bad_value_is_reported_by_its_path_and_takes_the_default(string design, string path, string expected)
    {
        var layout = Read(design, out var ignored);

        Assert.Equal([path], ignored.Keys);
        Assert.Equal($"{path} {expected}", ignored[path]);
        Assert.Equal(DocumentLayout.Default(portrait: false), layout);
    }

    [Fact]
    public void Positions_are_checked_against_the_page_the_design_asks_for()
    {
        const string Design = """{"orientation": "%", "fields": {"title": {"x": 700}, "recipientName": {"y": 700}}}""";

        var landscape = Read(Design.Replace("%", "landscape"), out var landscapeIgnored);
        var portrait = Read(Design.Replace("%", "portrait"), out var portraitIgnored);

        Assert.Equal(["fields.recipientName.y"], landscapeIgnored.Keys);
        Assert.Equal(700, landscape.Title.X);
        Assert.Equal(["fields.title.x"], portraitIgnored.Keys);
        Assert.Equal("fields.title.x must be a number from 0 to 595.", portraitIgnored["fields.title.x"]);
        Assert.Equal(DocumentLayout.Default(portrait: true).Title.X, portrait.Title.X);
        Assert.Equal(700, portrait.RecipientName.Y);
    }

    [Fact]
    public void Every_value_in_range_is_applied_at_the_edges_of_its_range()
    {
        var layout = Read("""
            {"backgroundColor": "#80FF0000", "textColor": "#00ff7f", "border": false,
             "fields": {"verifyUrl": {"x": 0, "y": 595, "width": 10, "size": 4, "maxLines": 20, "align": "centre", "bold": true, "color": "#123456", "visible": false},
                        "dates": {"size": 144, "align": "right"}}}
            """, out var ignored);

        Assert.Empty(ignored);
        Assert.Equal(new SKColor(0xFF, 0x00, 0x00, 0x80), layout.Background);
        Assert.Equal(new SKColor(0x00, 0xFF, 0x7F), layout.Text);
        Assert.Equal(new SKColor(0x00, 0xFF, 0x7F), layout.Title.Color); // fields without a colour take the text colour
        Assert.False(layout.Border);
        Assert.Equal(new FieldStyle(0, 595, 10, 4, new SKColor(0x12, 0x34, 0x56), TextAlign.Center, 20, FontWeight.Bold, Visible: false), layout.VerifyUrl);
        Assert.Equal((144f, TextAlign.Right), (layout.Dates.Size, layout.Dates.Align));
    }

    [Fact]
    public void A_larger_qr_code_without_a_position_is_moved_to_stay_on_the_page()
    {
        var layout = Read("""{"fields": {"qr": {"size": 300}}}""", out var ignored);

        Assert.Empty(ignored);
        Assert.Equal(new QrStyle(842 - 300, 595 - 300, 300), layout.Qr);
    }

    [Fact]
    public void A_design_in_a_string_is_read_like_the_object()
    {
        const string Design = """{"orientation": "portrait", "accentColor": "#7A1F5C", "fields": {"qr": {"visible": false}}}""";

        var fromString = DocumentLayout.FromDesign(Design);

        Assert.Equal(Read(Design, out _), fromString);
        Assert.True(fromString.Portrait);
        Assert.False(fromString.Qr.Visible);
        Assert.Equal(new SKColor(0x7A, 0x1F, 0x5C), fromString.Issuer.Color); // the issuer line is in the accent colour
    }
}
