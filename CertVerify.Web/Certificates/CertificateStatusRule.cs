namespace CertVerify.Web.Certificates;

/// <summary>The one rule for what a certificate's verification says, wherever it is shown or signed.</summary>
public static class CertificateStatusRule
{
    /// <summary>Revoked beats suspended beats expired: the strongest reason not to trust it is the one reported.</summary>
    public static VerificationStatus At(CertificateStatus status, DateTimeOffset? expiresAt, DateTimeOffset now) => status switch
    {
        CertificateStatus.Revoked => VerificationStatus.Revoked,
        CertificateStatus.Suspended => VerificationStatus.Suspended,
        _ when expiresAt <= now => VerificationStatus.Expired,
        _ => VerificationStatus.Valid,
    };
}
