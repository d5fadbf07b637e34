
namespace CertVerify.Web.Credentials;

/// <summary>The checks of Open Badges 3.0's verification, each by name.</summary>
/// <param name="Signature">The JWT's ES256 signature, and its registered claims mirroring the credential.</param>
/// <param name="IssuerKey">The <c>kid</c> resolved to a key of the issuer's DID document.</param>
/// <param name="Schema">1EdTech's Open Badges 3.0 AchievementCredential JSON Schema.</param>
/// <param name="ValidityWindow"><c>validFrom</c> and <c>validUntil</c> against now.</param>
/// <param name="Revocation">The credential's bit in its revocation list.</param>
/// <param name="Suspension">The certificate's suspension, as the status API and the suspension list say.</param>
public sealed record CredentialChecks(
    CredentialCheck Signature, CredentialCheck IssuerKey, CredentialCheck Schema, CredentialCheck ValidityWindow,
    CredentialCheck Revocation, CredentialCheck Suspension);
