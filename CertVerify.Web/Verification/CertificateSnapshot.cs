using CertVerify.Web.Certificates;

namespace CertVerify.Web.Verification;

/// <summary>
/// What a verification needs to know about a certificate; expiry is judged when answering, not here. The description
/// is only there when the recipient made the certificate public (the public verification page shows it).
/// </summary>
public sealed record CertificateSnapshot(
    Guid Id, string Code, string Title, string RecipientName, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt,
    CertificateStatus Status, DateTimeOffset? StatusChangedAt, string? StatusReason, string IssuerName, string? IssuerUrl,
    bool IsPublic, string? Description);
