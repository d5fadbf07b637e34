using CertVerify.Web.Data;

namespace CertVerify.Web.Credentials;

/// <summary>
/// One of the installation's signing keys: an ES256 key for the JWT form of credentials and an Ed25519 key for their
/// Data Integrity form, created, rotated and retired together. The private keys are stored protected by Data
/// Protection; the public keys stay published after the key is retired, so every credential they signed still verifies.
/// </summary>
public sealed class SigningKey : IChangeNotifying
{
    string IChangeNotifying.ChangeKey => Id;

    /// <summary>The JWS <c>kid</c>.</summary>
    public required string Id { get; set; }

    public required string PublicJwk { get; set; }

    public required string ProtectedPrivateKey { get; set; }

    /// <summary>The Ed25519 public key as a Multikey <c>publicKeyMultibase</c>; null for keys made before Data Integrity proofs.</summary>
    public string? PublicKeyMultibase { get; set; }

    public string? ProtectedEd25519PrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a newer key replaced it for signing; null for the key in use.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
