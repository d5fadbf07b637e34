using CertVerify.Web.Certificates;

namespace CertVerify.Web.Verification;

/// <summary>The answer to a verification, the same for the API and the public pages.</summary>
public sealed record Verdict(
    string Code, VerificationStatus Status, DateTimeOffset CheckedAt, VerifiedCertificate? Certificate, string? CredentialUrl, string InstanceId);
