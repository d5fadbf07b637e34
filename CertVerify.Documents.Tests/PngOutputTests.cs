using SkiaSharp;

namespace CertVerify.Documents.Tests;

/// <summary>The PNG: its size from orientation and scale, a file any decoder reads, and the design's colours where the layout puts them.</summary>
[Trait("Tier", "Unit")]
public sealed class PngOutputTests
{
    private static SKBitmap Render(DocumentContent content, DocumentLayout layout, float scale) =>
        SKBitmap.Decode(Samples.Renderer.RenderPng(content, layout, scale)) ?? throw new InvalidOperationException("Not a readable image.");

    [Theory]
    [InlineData(false, 2, 1684, 1190)]
    [InlineData(true, 2, 1190, 1684)]
    [InlineData(true, 1, 595, 842)]
    [InlineData(false, 0.5, 421, 298)]
    public void A_png_is_the_page_at_the_scale_asked_for(bool portrait, float scale, int width, int height)
    {
        var png = Samples.Renderer.RenderPng(Samples.Content(), DocumentLayout.Default(portrait), scale);

        using var codec = SKCodec.Create(new SKMemoryStream(png));
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        Assert.Equal((width, height), (codec.Info.Width, codec.Info.Height));
        Assert.Equal(SKAlphaType.Opaque, codec.Info.AlphaType);
        using var bitmap = SKBitmap.Decode(codec);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_background_and_border_are_in_the_designs_colours(bool border)
    {
        var layout = DocumentLayout.FromDesign($$"""{"backgroundColor": "#FFF4E0", "accentColor": "#7A1F5C", "border": {{(border ? "true" : "false")}}}""");

        using var page = Render(Samples.Content(), layout, scale: 2);

        Assert.Equal(new SKColor(0xFF, 0xF4, 0xE0), page.GetPixel(10, 10));
        Assert.Equal(new SKColor(0xFF, 0xF4, 0xE0), page.GetPixel(page.Width - 10, page.Height - 10));
        // The outer frame: 4 points wide, centred 24 points in from the edge.
        Assert.Equal(border ? new SKColor(0x7A, 0x1F, 0x5C) : new SKColor(0xFF, 0xF4, 0xE0), page.GetPixel(48, page.Height / 2));
    }

    [Fact]
    public void A_revoked_certificate_is_marked_in_red_across_the_page()
    {
        static int RedPixels(SKBitmap page) => Enumerable.Range(0, page.Height / 4).Sum(y =>
            Enumerable.Range(0, page.Width / 4).Count(x => page.GetPixel(x * 4, y * 4) is var c && c.Red > c.Green + 40 && c.Red > c.Blue + 40));
        var layout = DocumentLayout.Default(portrait: false);

        using var valid = Render(Samples.Content(), layout, scale: 1);
        using var revoked = Render(Samples.Content(mark: new DocumentMark("REVOKED", "REVOKED on 1 May 2026: no longer valid.")), layout, scale: 1);

        Assert.Equal(0, RedPixels(valid));
        Assert.True(RedPixels(revoked) > valid.Width * valid.Height / 16 / 20, $"{RedPixels(revoked)} red pixels sampled");
    }
}
