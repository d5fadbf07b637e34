
namespace CertVerify.Web.Credentials;

public sealed record CredentialChecks(CredentialCheck Signature, CredentialCheck IssuerKey, CredentialCheck ValidityWindow, CredentialCheck Status);
