using CertVerify.Web.Data;

namespace CertVerify.Web.Credentials;

/// <summary>
/// One of the installation's ES256 signing keys. The private key is stored protected by Data Protection; the public
/// key stays published after the key is retired, so every credential it signed still verifies.
/// </summary>
public sealed class SigningKey : IChangeNotifying
{
    string IChangeNotifying.ChangeKey => Id;

    /// <summary>The JWS <c>kid</c>.</summary>
    public required string Id { get; set; }

    public required string PublicJwk { get; set; }

    public required string ProtectedPrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a newer key replaced it for signing; null for the key in use.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
