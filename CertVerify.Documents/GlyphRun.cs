using System.Text;
using SkiaSharp;

namespace CertVerify.Documents;

/// <summary>
/// Glyphs of one font and direction, shaped by HarfBuzz and positioned from the run's own origin, with the text they
/// came from (UTF-8) and each glyph's cluster (its byte offset in that text), which lets a PDF map glyphs back to
/// characters: ligatures and Arabic joining forms extract as the letters they are.
/// </summary>
internal sealed record GlyphRun(BundledFont Font, float Size, ushort[] Glyphs, SKPoint[] Positions, uint[] Clusters, byte[] Utf8, float Width)
{
    public IEnumerable<int> Codepoints => Encoding.UTF8.GetString(Utf8).EnumerateRunes().Select(r => r.Value);
}
