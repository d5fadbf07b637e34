using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

/// <summary>A public key as published in the JWKS.</summary>
public sealed record PublishedKey(string Id, JsonWebKey Jwk, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);
