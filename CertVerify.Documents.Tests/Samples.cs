namespace CertVerify.Documents.Tests;

/// <summary>The fonts and renderer every test shares (loaded once, thread-safe like in the app), and a sample certificate.</summary>
internal static class Samples
{
    public const string Code = "CV-7Q4M-K2XD-9HBT-W3NP-RS6F";
    public const string VerifyUrl = $"https://verify.example.org/verify/{Code}";

    private static readonly Lazy<FontSet> LazyFonts = new(() => new FontSet());
    private static readonly Lazy<CertificateRenderer> LazyRenderer = new(() => new CertificateRenderer(LazyFonts.Value));

    public static FontSet Fonts => LazyFonts.Value;

    public static CertificateRenderer Renderer => LazyRenderer.Value;

    public static DocumentContent Content(string name = "Zoë Durand", string? description = null, DocumentMark? mark = null) => new(
        "Université de Genève", "Certificate of Completion", name, description, new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), null,
        Code, VerifyUrl, mark, "a.b.c", $"{Code}.jwt");
}
