using CertVerify.Web.Certificates;

namespace CertVerify.Web.Verification;

/// <summary>What a verdict shows of a certificate: only name, title and dates, no email or other personal data.</summary>
public sealed record VerifiedCertificate(
    string Title, string RecipientName, VerifiedIssuer Issuer, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt, string? RevocationReason, DateTimeOffset? SuspendedAt, string? SuspensionReason)
{
    public static VerifiedCertificate From(CertificateSnapshot c) => new(
        c.Title, c.RecipientName, new VerifiedIssuer(c.IssuerName, c.IssuerUrl), c.IssuedAt, c.ExpiresAt,
        c.Status == CertificateStatus.Revoked ? c.StatusChangedAt : null,
        c.Status == CertificateStatus.Revoked ? c.StatusReason : null,
        c.Status == CertificateStatus.Suspended ? c.StatusChangedAt : null,
        c.Status == CertificateStatus.Suspended ? c.StatusReason : null);
}
