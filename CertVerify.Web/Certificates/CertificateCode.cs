using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace CertVerify.Web.Certificates;

/// <summary>
/// The public code of a certificate: 100 random bits as 20 Crockford base32 characters, shown as
/// <c>CV-7Q4M-K2XD-9HBT-W3NP-RS6F</c>. Lookups ignore case, spaces and dashes, and read O as 0 and I or L as 1,
/// the way people mistype codes.
/// </summary>
public static class CertificateCode
{
    public const int Length = 20;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string Prefix = "CV";

    /// <summary>A new code in canonical form (20 characters, no prefix or dashes), as stored.</summary>
    public static string NewCode()
    {
        Span<byte> bits = stackalloc byte[13]; // 104 random bits; the first 100 are used
        RandomNumberGenerator.Fill(bits);
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            var bit = i * 5;
            var value = ((bits[bit / 8] << 8) | bits[bit / 8 + 1]) >> (11 - bit % 8) & 0x1F;
            code[i] = Alphabet[value];
        }

        return new string(code);
    }

    /// <summary>The grouped form people read: CV-XXXX-XXXX-XXXX-XXXX-XXXX.</summary>
    public static string Format(string canonical) =>
        $"{Prefix}-{canonical[..4]}-{canonical[4..8]}-{canonical[8..12]}-{canonical[12..16]}-{canonical[16..]}";

    /// <summary>Reads a code as typed or scanned; false when it cannot be a code (too short, foreign characters).</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? canonical)
    {
        canonical = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[input.Length];
        var length = 0;
        foreach (var c in input)
        {
            if (c is '-' or ' ' or '\t')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            buffer[length++] = upper switch { 'O' => '0', 'I' or 'L' => '1', _ => upper };
        }

        var code = buffer[..length];
        if (code.Length == Length + Prefix.Length && code.StartsWith(Prefix))
        {
            code = code[Prefix.Length..];
        }

        if (code.Length != Length)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!Alphabet.Contains(c))
            {
                return false;
            }
        }

        canonical = new string(code);
        return true;
    }
}
