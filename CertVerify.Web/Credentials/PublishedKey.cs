using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

/// <summary>
/// A key's public parts as published: the ES256 JWK (in the JWKS and the DID document) and the Ed25519 Multikey
/// (in the DID document; null for keys made before Data Integrity proofs).
/// </summary>
public sealed record PublishedKey(string Id, JsonWebKey Jwk, string? PublicKeyMultibase, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);
