using System.Numerics;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Multibase base58btc (the <c>z</c> prefix), the encoding Data Integrity uses for proof values and Multikey public keys.
/// </summary>
public static class Multibase
{
    private const char Base58BtcPrefix = 'z';
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string EncodeBase58Btc(ReadOnlySpan<byte> bytes)
    {
        var leadingZeros = bytes.IndexOfAnyExcept((byte)0) is var i and >= 0 ? i : bytes.Length;
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var digits = new Stack<char>();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var remainder);
            digits.Push(Alphabet[(int)remainder]);
        }

        return Base58BtcPrefix + new string('1', leadingZeros) + new string([.. digits]);
    }

    /// <summary>The bytes of a <c>z</c>-prefixed base58btc string; null for anything else.</summary>
    public static byte[]? TryDecodeBase58Btc(string? text)
    {
        if (text is not [Base58BtcPrefix, .. var digits])
        {
            return null;
        }

        var value = BigInteger.Zero;
        foreach (var digit in digits)
        {
            var index = Alphabet.IndexOf(digit);
            if (index < 0)
            {
                return null;
            }

            value = value * 58 + index;
        }

        var leadingZeros = digits.Length - digits.TrimStart('1').Length;
        return [.. new byte[leadingZeros], .. value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true)];
    }
}
