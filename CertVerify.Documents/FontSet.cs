namespace CertVerify.Documents;

/// <summary>
/// The fonts bundled in this assembly (see <c>Fonts/README.md</c>), in fallback order: each character is drawn with
/// the first font that has a glyph for it. Loaded once per process; every object here is immutable and shared by
/// concurrent renders.
/// </summary>
public sealed class FontSet : IDisposable
{
    private const string ResourcePrefix = "CertVerify.Fonts.";

    // Fallback order: the primary font first, then one font per script it lacks. Droid Sans Fallback has no bold.
    private static readonly string[] RegularFiles = ["NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf", "DroidSansFallbackFull.ttf"];
    private static readonly string[] BoldFiles = ["NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf", "NotoSansHebrew-Bold.ttf", "DroidSansFallbackFull.ttf"];

    private readonly IReadOnlyList<BundledFont> _regular;
    private readonly IReadOnlyList<BundledFont> _bold;
    private readonly List<BundledFont> _all = [];

    public FontSet()
    {
        var loaded = new Dictionary<string, BundledFont>();
        BundledFont Load(string file)
        {
            if (!loaded.TryGetValue(file, out var font))
            {
                using var stream = typeof(FontSet).Assembly.GetManifestResourceStream(ResourcePrefix + file)
                    ?? throw new InvalidOperationException($"The bundled font {file} is missing from the assembly.");
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                font = new BundledFont(file, copy.ToArray());
                loaded[file] = font;
                _all.Add(font);
            }

            return font;
        }

        _regular = RegularFiles.Select(Load).ToList();
        _bold = BoldFiles.Select(Load).ToList();
    }

    internal IReadOnlyList<BundledFont> Fallback(FontWeight weight) => weight == FontWeight.Bold ? _bold : _regular;

    /// <summary>The first font in the fallback order that has every character of <paramref name="grapheme"/>; the primary font (which draws a missing-glyph box) when none has.</summary>
    internal BundledFont For(string grapheme, FontWeight weight)
    {
        var fallback = Fallback(weight);
        foreach (var font in fallback)
        {
            if (font.Covers(grapheme))
            {
                return font;
            }
        }

        return fallback[0];
    }

    public void Dispose()
    {
        foreach (var font in _all)
        {
            font.Dispose();
        }
    }
}
