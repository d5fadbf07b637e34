using System.Runtime.InteropServices;
using HarfBuzzSharp;
using SkiaSharp;

namespace CertVerify.Documents;

/// <summary>
/// One font file: a Skia typeface (coverage, bitmap drawing), a HarfBuzz font (shaping) and face (subsetting), all on
/// one copy of the bytes in unmanaged memory that lives as long as the process.
/// </summary>
internal sealed class BundledFont : IDisposable
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
