using System.Globalization;
using PdfSharp.Pdf.IO;
using QRCoder;
using SkiaSharp;

namespace CertVerify.Documents;

/// <summary>
/// Draws a certificate: the page is composed once (text shaped, lines broken, QR modules laid out) and then drawn
/// onto a PDF page (with fonts subset to the glyphs used, the signed credential attached with PDFsharp) or a bitmap.
/// CPU-bound and synchronous; thread-safe.
/// </summary>
public sealed class CertificateRenderer(FontSet fonts)
{
    private const string Creator = "CertVerify";
    private static readonly SKColor MarkColor = new(0xC6, 0x28, 0x28);
    private readonly TextShaper _shaper = new(fonts);

    /// <summary>Draws a sample page once, to PDF (credential attached) and PNG, loading what the first document would.</summary>
    public void WarmUp()
    {
        var sample = new DocumentContent("CertVerify", "Warm-up", "Warm-up", Description: null, DateTimeOffset.UnixEpoch,
            ExpiresAt: null, "WARM-UP", "https://localhost/verify/WARM-UP", Mark: null, Credential: "warm-up", CredentialFileName: "warm-up.jwt");
        var layout = DocumentLayout.Default(portrait: false);
        RenderPdf(sample, layout);
        RenderPng(sample, layout, scale: 0.25f);
    }

    public byte[] RenderPdf(DocumentContent content, DocumentLayout layout)
    {
        using var page = Compose(content, layout);
        var subsets = page.Runs.GroupBy(r => r.Font).ToDictionary(
            g => g.Key,
            g => g.Key.Subset(g.SelectMany(r => r.Glyphs).ToHashSet(), g.SelectMany(r => r.Codepoints).Distinct()));
        try
        {
            using var pdf = new MemoryStream();
            var metadata = new SKDocumentPdfMetadata
            {
                Title = $"{content.Title}: {content.RecipientName}",
                Author = content.IssuerName,
                Subject = $"Certificate {content.Code}",
                Creator = Creator,
                Producer = Creator,
            };
            using (var document = SKDocument.CreatePdf(pdf, metadata))
            {
                var canvas = document.BeginPage(layout.Width, layout.Height);
                page.Draw(canvas, font => subsets[font]);
                document.EndPage();
                document.Close();
            }

            return content.Credential is { } credential ? Attach(pdf, content.CredentialFileName ?? "credential.jwt", credential) : pdf.ToArray();
        }
        finally
        {
            foreach (var typeface in subsets.Values)
            {
                typeface.Dispose();
            }
        }
    }

    /// <summary>The same page as a PNG, <paramref name="scale"/> pixels per point (2: 1684 x 1190 for landscape A4).</summary>
    public byte[] RenderPng(DocumentContent content, DocumentLayout layout, float scale)
    {
        using var page = Compose(content, layout);
        // Opaque: the PNG is written as RGB, a quarter smaller and faster to encode.
        var info = new SKImageInfo((int)Math.Round(layout.Width * scale), (int)Math.Round(layout.Height * scale), SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Could not allocate the bitmap.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        page.Draw(canvas, font => font.Typeface);
        using var pixels = surface.PeekPixels() ?? throw new InvalidOperationException("Could not read the bitmap.");
        // The "up" filter alone: about as small as trying every filter per row (Skia's default), and 2-3 times faster.
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 6))
            ?? throw new InvalidOperationException("Could not encode the PNG.");
        return png.ToArray();
    }

    /// <summary>The signed credential as an embedded file (PDF "attachment"), so the document carries its own proof.</summary>
    private static byte[] Attach(MemoryStream pdf, string fileName, string credential)
    {
        pdf.Position = 0;
        using var document = PdfReader.Open(pdf, PdfDocumentOpenMode.Modify);
        using var attachment = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(credential));
        document.AddEmbeddedFile(fileName, attachment);
        document.Info.Creator = Creator;
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private Page Compose(DocumentContent content, DocumentLayout layout)
    {
        var page = new Page();
        page.Add(canvas =>
        {
            using var background = new SKPaint { Color = layout.Background, Style = SKPaintStyle.Fill };
            canvas.DrawRect(0, 0, layout.Width, layout.Height, background);
            if (layout.Border)
            {
                using var outer = new SKPaint { Color = layout.Accent, Style = SKPaintStyle.Stroke, StrokeWidth = 4, IsAntialias = true };
                canvas.DrawRect(24, 24, layout.Width - 48, layout.Height - 48, outer);
                using var inner = new SKPaint { Color = layout.Accent, Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = true };
                canvas.DrawRect(32, 32, layout.Width - 64, layout.Height - 64, inner);
            }
        });

        AddText(page, content.IssuerName, layout.Issuer);
        AddText(page, content.Title, layout.Title);
        AddText(page, "Awarded to", layout.AwardedTo);
        AddText(page, content.RecipientName, layout.RecipientName);
        if (!string.IsNullOrWhiteSpace(content.Description))
        {
            AddText(page, content.Description, layout.Description);
        }

        var dates = $"Issued {Date(content.IssuedAt)}" + (content.ExpiresAt is { } expires ? $"\nExpires {Date(expires)}" : "");
        AddText(page, dates, layout.Dates);
        AddText(page, content.Code, layout.Code);
        AddText(page, $"Verify at {content.VerifyUrl}", layout.VerifyUrl);
        if (layout.Qr.Visible)
        {
            AddQrCode(page, content.VerifyUrl, layout.Qr);
        }

        if (content.Mark is { } mark)
        {
            AddMark(page, mark, layout);
        }

        return page;
    }

    private static string Date(DateTimeOffset date) => date.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Wraps the text into the field, making it smaller (down to 40 %) before shortening it with "…".</summary>
    private void AddText(Page page, string text, FieldStyle field)
    {
        if (!field.Visible || string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        text = text.Trim();
        var rightToLeft = TextShaper.IsRightToLeft(text);
        var size = field.Size;
        List<string> lines;
        while (true)
        {
            lines = _shaper.Wrap(text, size, field.Weight, field.Width, field.MaxLines, rightToLeft);
            if (lines.Count <= field.MaxLines || size <= field.Size * 0.4f)
            {
                break;
            }

            size *= 0.9f;
        }

        if (lines.Count > field.MaxLines)
        {
            lines = lines.Take(field.MaxLines).ToList();
            lines[^1] = _shaper.Ellipsize(lines[^1], size, field.Weight, field.Width, rightToLeft);
        }

        var lineHeight = size * 1.3f;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = _shaper.ShapeLine(lines[i], size, field.Weight, rightToLeft);
            var x = field.Align switch
            {
                TextAlign.Center => field.X - line.Width / 2,
                TextAlign.Right => field.X - line.Width,
                _ => field.X,
            };
            page.AddLine(line, new SKPoint(x, field.Y + i * lineHeight), field.Color);
        }
    }

    /// <summary>The QR code as vector squares (one path, rows merged), crisp at any zoom and in print.</summary>
    private static void AddQrCode(Page page, string url, QrStyle style)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var count = modules.Count;
        var module = style.Size / count;
        using var builder = new SKPathBuilder();
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < count; column++)
            {
                if (!modules[row][column])
                {
                    continue;
                }

                var end = column;
                while (end + 1 < count && modules[row][end + 1])
                {
                    end++;
                }

                builder.AddRect(new SKRect(style.X + column * module, style.Y + row * module, style.X + (end + 1) * module, style.Y + (row + 1) * module));
                column = end;
            }
        }

        var path = builder.Detach();
        page.Add(canvas =>
        {
            using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill };
            canvas.DrawRect(style.X, style.Y, style.Size, style.Size, white);
            using var black = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill };
            canvas.DrawPath(path, black);
        }, path);
    }

    /// <summary>The status word large and diagonal across the page, and a notice line at the top that text extraction reads plainly.</summary>
    private void AddMark(Page page, DocumentMark mark, DocumentLayout layout)
    {
        var size = Math.Min(layout.Width, layout.Height) / 4.5f;
        var word = _shaper.ShapeLine(mark.Word, size, FontWeight.Bold, rightToLeft: false);
        var angle = (float)(-Math.Atan2(layout.Height, layout.Width) * 180 / Math.PI);
        var color = MarkColor.WithAlpha(80);
        page.Add(canvas =>
        {
            canvas.Save();
            canvas.RotateDegrees(angle, layout.Width / 2, layout.Height / 2);
            using var frame = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = size / 12, IsAntialias = true };
            var box = new SKRect(layout.Width / 2 - word.Width / 2 - size / 5, layout.Height / 2 - size * 0.95f,
                layout.Width / 2 + word.Width / 2 + size / 5, layout.Height / 2 + size * 0.45f);
            canvas.DrawRoundRect(box, size / 8, size / 8, frame);
            canvas.Restore();
        });
        page.AddLine(word, new SKPoint(layout.Width / 2 - word.Width / 2, layout.Height / 2 + size * 0.35f), color,
            SKMatrix.CreateRotationDegrees(angle, layout.Width / 2, layout.Height / 2));

        var notice = new FieldStyle(layout.Width / 2, 52, layout.Width - 100, 11, MarkColor, TextAlign.Center, 1, FontWeight.Bold);
        AddText(page, mark.Notice, notice);
    }

    /// <summary>The composed page: drawing steps in order, and the glyph runs (which fonts a PDF must embed).</summary>
    private sealed class Page : IDisposable
    {
        private readonly List<Action<SKCanvas, Func<BundledFont, SKTypeface>>> _steps = [];
        private readonly List<IDisposable> _resources = [];

        public List<GlyphRun> Runs { get; } = [];

        public void Add(Action<SKCanvas> step, IDisposable? resource = null)
        {
            _steps.Add((canvas, _) => step(canvas));
            if (resource is not null)
            {
                _resources.Add(resource);
            }
        }

        public void AddLine(TextLine line, SKPoint origin, SKColor color, SKMatrix? transform = null)
        {
            foreach (var (run, x) in line.Runs)
            {
                if (run.Glyphs.Length == 0)
                {
                    continue;
                }

                Runs.Add(run);
                var at = new SKPoint(origin.X + x, origin.Y);
                _steps.Add((canvas, typefaces) => DrawRun(canvas, run, at, color, typefaces(run.Font), transform));
            }
        }

        public void Draw(SKCanvas canvas, Func<BundledFont, SKTypeface> typefaces)
        {
            foreach (var step in _steps)
            {
                step(canvas, typefaces);
            }
        }

        public void Dispose()
        {
            foreach (var resource in _resources)
            {
                resource.Dispose();
            }
        }

        private static void DrawRun(SKCanvas canvas, GlyphRun run, SKPoint at, SKColor color, SKTypeface typeface, SKMatrix? transform)
        {
            using var font = new SKFont(typeface, run.Size) { Subpixel = true, Edging = SKFontEdging.SubpixelAntialias };
            using var builder = new SKTextBlobBuilder();
            var buffer = builder.AllocatePositionedTextRun(font, run.Glyphs.Length, run.Utf8.Length);
            buffer.SetGlyphs(run.Glyphs);
            buffer.SetPositions(run.Positions);
            buffer.SetClusters(run.Clusters);
            buffer.SetText(run.Utf8);
            using var blob = builder.Build();
            using var paint = new SKPaint { Color = color, IsAntialias = true };
            if (transform is { } matrix)
            {
                canvas.Save();
                canvas.Concat(in matrix);
                canvas.DrawText(blob, at.X, at.Y, paint);
                canvas.Restore();
            }
            else
            {
                canvas.DrawText(blob, at.X, at.Y, paint);
            }
        }
    }
}
