using CertVerify.Web.Certificates;
using CertVerify.Web.Verification;

namespace CertVerify.Web.Credentials;

/// <summary>The verification verdict for a presented credential, with each check that led to it.</summary>
public sealed record CredentialVerdict(
    string? Code, VerificationStatus Status, DateTimeOffset CheckedAt, VerifiedCertificate? Certificate, string? CredentialUrl,
    string InstanceId, CredentialChecks Checks);
