using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Ed25519 (RFC 8032, by BouncyCastle: .NET has none), and its public keys as a Multikey's <c>publicKeyMultibase</c>:
/// base58btc of the ed25519-pub multicodec prefix (0xed 0x01) and the 32 key bytes.
/// </summary>
public static class Ed25519
{
    private static readonly byte[] MulticodecPrefix = [0xed, 0x01];

    /// <summary>A new private key (the 32-byte seed) and its public key.</summary>
    public static (byte[] PrivateKey, byte[] PublicKey) Generate()
    {
        var privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        return (privateKey.GetEncoded(), privateKey.GeneratePublicKey().GetEncoded());
    }

    public static byte[] Sign(byte[] privateKey, byte[] data)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(privateKey));
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    public static bool Verify(byte[] publicKey, byte[] data, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(data, 0, data.Length);
        return verifier.VerifySignature(signature);
    }

    public static string ToMultikey(byte[] publicKey) => Multibase.EncodeBase58Btc([.. MulticodecPrefix, .. publicKey]);

    /// <summary>The 32 public key bytes of an Ed25519 <c>publicKeyMultibase</c>; null for anything else.</summary>
    public static byte[]? FromMultikey(string? multikey) =>
        Multibase.TryDecodeBase58Btc(multikey) is { Length: 34 } bytes && bytes.AsSpan(0, 2).SequenceEqual(MulticodecPrefix) ? bytes[2..] : null;
}
