using System.Runtime.InteropServices;
using HarfBuzzSharp;
using SkiaSharp;

namespace CertVerify.Documents;

public enum FontWeight
{
    Regular,
    Bold,
}

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

    public IReadOnlyList<BundledFont> Fallback(FontWeight weight) => weight == FontWeight.Bold ? _bold : _regular;

    /// <summary>The first font in the fallback order that has every character of <paramref name="grapheme"/>; the primary font (which draws a missing-glyph box) when none has.</summary>
    public BundledFont For(string grapheme, FontWeight weight)
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

/// <summary>
/// One font file: a Skia typeface (coverage, bitmap drawing), a HarfBuzz font (shaping) and face (subsetting), all on
/// one copy of the bytes in unmanaged memory that lives as long as the process.
/// </summary>
public sealed class BundledFont : IDisposable
{
    // Presentation forms (Latin ligatures, Arabic contextual forms): a shaped glyph is found in the cmap under these,
    // so a subset keeps them for text extraction to map such glyphs back to characters.
    private static readonly (int First, int Last)[] PresentationForms = [(0xFB00, 0xFDFF), (0xFE70, 0xFEFF)];

    private readonly IntPtr _data;
    private readonly Blob _blob;
    private readonly Face _face;
    private readonly Dictionary<ushort, List<int>> _presentationForms = [];
    private readonly SKFont _coverage;

    public BundledFont(string name, byte[] bytes)
    {
        Name = name;
        _data = Marshal.AllocHGlobal(bytes.Length);
        Marshal.Copy(bytes, 0, _data, bytes.Length);
        _blob = new Blob(_data, bytes.Length, MemoryMode.ReadOnly);
        _blob.MakeImmutable();
        _face = new Face(_blob, 0);
        _face.MakeImmutable();
        UnitsPerEm = _face.UnitsPerEm;
        Shaper = new HarfBuzzSharp.Font(_face);
        Shaper.SetScale(UnitsPerEm, UnitsPerEm);
        Shaper.SetFunctionsOpenType();
        Typeface = SKTypeface.FromData(SKData.CreateCopy(bytes))
            ?? throw new InvalidOperationException($"The bundled font {name} cannot be read.");
        _coverage = new SKFont(Typeface);

        foreach (var (first, last) in PresentationForms)
        {
            for (var codepoint = first; codepoint <= last; codepoint++)
            {
                var glyph = _coverage.GetGlyph(codepoint);
                if (glyph != 0)
                {
                    (_presentationForms.TryGetValue(glyph, out var forms) ? forms : _presentationForms[glyph] = []).Add(codepoint);
                }
            }
        }
    }

    public string Name { get; }

    /// <summary>The whole font, for bitmaps and for checking which characters it has.</summary>
    public SKTypeface Typeface { get; }

    /// <summary>Shapes text in font units (scale = units per em); only read after set-up, so shared by concurrent renders.</summary>
    internal HarfBuzzSharp.Font Shaper { get; }

    public int UnitsPerEm { get; }

    public bool Covers(string grapheme) => _coverage.ContainsGlyphs(grapheme);

    /// <summary>
    /// A copy of the font with only the given glyphs (kept at their glyph ids, so shaped runs draw unchanged) and the
    /// character map of the given characters, for embedding in a PDF. Without it the PDF would carry each whole font
    /// (megabytes for the CJK one): Skia's PDF backend in this build embeds fonts as they are.
    /// </summary>
    public SKTypeface Subset(IReadOnlySet<ushort> glyphs, IEnumerable<int> codepoints)
    {
        var input = HarfBuzzSubset.hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero)
        {
            throw new InvalidOperationException("HarfBuzz could not allocate a subset input.");
        }

        try
        {
            var glyphSet = HarfBuzzSubset.hb_subset_input_glyph_set(input);
            foreach (var glyph in glyphs)
            {
                HarfBuzzSubset.hb_set_add(glyphSet, glyph);
                if (_presentationForms.TryGetValue(glyph, out var forms))
                {
                    codepoints = codepoints.Concat(forms);
                }
            }

            var unicodeSet = HarfBuzzSubset.hb_subset_input_unicode_set(input);
            foreach (var codepoint in codepoints)
            {
                HarfBuzzSubset.hb_set_add(unicodeSet, (uint)codepoint);
            }

            HarfBuzzSubset.hb_subset_input_set_flags(input, HarfBuzzSubset.NoHinting | HarfBuzzSubset.RetainGlyphIds);
            var subset = HarfBuzzSubset.hb_subset_or_fail(_face.Handle, input);
            if (subset == IntPtr.Zero)
            {
                throw new InvalidOperationException($"HarfBuzz could not subset {Name}.");
            }

            try
            {
                var blob = HarfBuzzSubset.hb_face_reference_blob(subset);
                try
                {
                    var data = HarfBuzzSubset.hb_blob_get_data(blob, out var length);
                    return SKTypeface.FromData(SKData.CreateCopy(data, (ulong)length))
                        ?? throw new InvalidOperationException($"The subset of {Name} cannot be read.");
                }
                finally
                {
                    HarfBuzzSubset.hb_blob_destroy(blob);
                }
            }
            finally
            {
                HarfBuzzSubset.hb_face_destroy(subset);
            }
        }
        finally
        {
            HarfBuzzSubset.hb_subset_input_destroy(input);
        }
    }

    public override string ToString() => Name;

    public void Dispose()
    {
        _coverage.Dispose();
        Typeface.Dispose();
        Shaper.Dispose();
        _face.Dispose();
        _blob.Dispose();
        Marshal.FreeHGlobal(_data);
    }
}

/// <summary>
/// HarfBuzz's subsetter (hb-subset), which the native library shipped with HarfBuzzSharp exports but HarfBuzzSharp
/// does not wrap.
/// </summary>
internal static class HarfBuzzSubset
{
    private const string Library = "libHarfBuzzSharp";

    public const uint NoHinting = 0x1;
    public const uint RetainGlyphIds = 0x2;

    [DllImport(Library)]
    public static extern IntPtr hb_subset_input_create_or_fail();

    [DllImport(Library)]
    public static extern void hb_subset_input_destroy(IntPtr input);

    [DllImport(Library)]
    public static extern IntPtr hb_subset_input_glyph_set(IntPtr input);

    [DllImport(Library)]
    public static extern IntPtr hb_subset_input_unicode_set(IntPtr input);

    [DllImport(Library)]
    public static extern void hb_subset_input_set_flags(IntPtr input, uint flags);

    [DllImport(Library)]
    public static extern void hb_set_add(IntPtr set, uint codepoint);

    [DllImport(Library)]
    public static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);

    [DllImport(Library)]
    public static extern IntPtr hb_face_reference_blob(IntPtr face);

    [DllImport(Library)]
    public static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);

    [DllImport(Library)]
    public static extern void hb_blob_destroy(IntPtr blob);

    [DllImport(Library)]
    public static extern void hb_face_destroy(IntPtr face);
}
