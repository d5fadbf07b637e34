using System.Security.Cryptography;

namespace CertVerify.Web.Organisation;

/// <summary>
/// The organisation's logo, uploaded by an Admin and served from our own origin (the pages' Content-Security-Policy
/// shows no image from elsewhere). One per installation, kept in PostgreSQL like everything else that matters.
/// </summary>
public sealed class OrganisationLogo
{
    public const int SingletonId = 1;

    /// <summary>The largest logo accepted: 512 KB.</summary>
    public const int MaxBytes = 512 * 1024;

    /// <summary>Where the logo is served; the profile's <c>logoUrl</c> points here with the version once it is uploaded.</summary>
    public const string Path = "/api/organisation/logo";

    /// <summary>Whether the profile's logo address is the uploaded logo (on whatever host it was uploaded through).</summary>
    public static bool IsUploaded(string? logoUrl) =>
        Uri.TryCreate(logoUrl, UriKind.Absolute, out var uri) && uri.AbsolutePath == Path;

    public int Id { get; set; } = SingletonId;

    public required byte[] Content { get; set; }

    /// <summary>What the bytes are (read from them, never from what the client declared).</summary>
    public required string ContentType { get; set; }

    /// <summary>The first 16 bytes of the content's SHA-256 in hex: the ETag, and the version in the logo's address.</summary>
    public required string Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// PNG, JPEG or WebP, told by their magic bytes; null for anything else. Never SVG: it can carry scripts.
    /// </summary>
    public static string? SniffContentType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(PngSignature) ? "image/png"
        : bytes.StartsWith(JpegSignature) ? "image/jpeg"
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static string VersionOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16));
}
