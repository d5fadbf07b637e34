using CertVerify.Tests.Documents;
using SkiaSharp;

namespace CertVerify.Documents.Tests;

/// <summary>The QR code decodes, with a decoder that is not QRCoder, to the verification link, where the layout puts it, in the PNG and in the PDF.</summary>
[Trait("Tier", "Unit")]
public sealed class QrCodeTests : IDisposable
{
    private const float Scale = 2;
    private readonly PdfTools _poppler = new();

    private static SKBitmap Png(DocumentLayout layout) =>
        SKBitmap.Decode(Samples.Renderer.RenderPng(Samples.Content(), layout, Scale)) ?? throw new InvalidOperationException("Not a readable image.");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_qr_code_in_the_png_decodes_to_the_verification_link(bool portrait)
    {
        var layout = DocumentLayout.Default(portrait);

        using var page = Png(layout);

        Assert.Equal(Samples.VerifyUrl, QrCodeReader.Read(page, Scale, QrCodeReader.Around(layout.Qr)));
    }

    [Fact]
    public void The_qr_code_is_drawn_where_and_as_large_as_the_design_says()
    {
        var layout = DocumentLayout.FromDesign("""{"fields": {"qr": {"x": 60, "y": 60, "size": 200}}}""");

        using var page = Png(layout);

        Assert.Equal(Samples.VerifyUrl, QrCodeReader.Read(page, Scale, new SKRect(44, 44, 276, 276)));
        Assert.Null(QrCodeReader.Read(page, Scale, QrCodeReader.Around(DocumentLayout.Default(portrait: false).Qr)));
    }

    [Fact]
    public void A_hidden_qr_code_is_not_drawn()
    {
        var layout = DocumentLayout.FromDesign("""{"fields": {"qr": {"visible": false}}}""");

        using var page = Png(layout);

        Assert.Null(QrCodeReader.Read(page, Scale, QrCodeReader.Around(layout.Qr)));
    }

    [Fact]
    public async Task The_qr_code_in_the_pdf_decodes_to_the_verification_link()
    {
        var layout = DocumentLayout.Default(portrait: false);
        var pdf = _poppler.Save(Samples.Renderer.RenderPdf(Samples.Content(), layout));

        // poppler rasterises the page at 144 dpi: 2 pixels per point, like the PNGs here.
        await PdfTools.RunAsync("pdftoppm", "-png", "-r", "144", "-singlefile", pdf, pdf);
        using var page = SKBitmap.Decode(pdf + ".png");

        Assert.Equal((1684, 1190), (page.Width, page.Height));
        Assert.Equal(Samples.VerifyUrl, QrCodeReader.Read(page, Scale, QrCodeReader.Around(layout.Qr)));
    }

    public void Dispose() => _poppler.Dispose();
}
