using SkiaSharp;
using ZXing;

namespace CertVerify.Documents.Tests;

/// <summary>Reads the QR code in one area of a rendered page, with ZXing: a decoder that is not the encoder.</summary>
internal static class QrCodeReader
{
    /// <summary>The text of the QR code inside <paramref name="area"/> (in points, with a margin for the quiet zone); null when there is none.</summary>
    public static string? Read(SKBitmap page, float pixelsPerPoint, SKRect area)
    {
        var pixels = SKRectI.Round(new SKRect(area.Left * pixelsPerPoint, area.Top * pixelsPerPoint, area.Right * pixelsPerPoint, area.Bottom * pixelsPerPoint));
        pixels.Intersect(new SKRectI(0, 0, page.Width, page.Height));
        var luminance = new byte[pixels.Width * pixels.Height];
        for (var y = 0; y < pixels.Height; y++)
        {
            for (var x = 0; x < pixels.Width; x++)
            {
                var colour = page.GetPixel(pixels.Left + x, pixels.Top + y);
                luminance[y * pixels.Width + x] = (byte)((colour.Red * 299 + colour.Green * 587 + colour.Blue * 114) / 1000);
            }
        }

        var reader = new BarcodeReaderGeneric { Options = { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(new RGBLuminanceSource(luminance, pixels.Width, pixels.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }

    /// <summary>The QR code's square with a margin of <paramref name="margin"/> points around it.</summary>
    public static SKRect Around(QrStyle qr, float margin = 16) => new(qr.X - margin, qr.Y - margin, qr.X + qr.Size + margin, qr.Y + qr.Size + margin);
}
