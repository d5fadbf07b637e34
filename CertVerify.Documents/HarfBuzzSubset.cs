using System.Runtime.InteropServices;

namespace CertVerify.Documents;

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
