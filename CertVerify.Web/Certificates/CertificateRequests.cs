using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;
using CertVerify.Web.Users;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Certificates;

public sealed record IssueCertificateRequest(
    [Required, StringLength(CertificateLimits.NameLength, MinimumLength = 1)] string RecipientName,
    [EmailAddress, StringLength(UserLimits.EmailLength)] string? RecipientEmail,
    [Required, StringLength(CertificateLimits.TitleLength, MinimumLength = 1)] string Title,
    [StringLength(CertificateLimits.DescriptionLength)] string? Description,
    Guid? TemplateId,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? ExpiresAt,
    Dictionary<string, string>? Metadata)
{
    /// <summary>The checks DataAnnotations cannot express; the field and reason, or null when valid.</summary>
    public (string Field, string Error)? Check()
    {
        if (ExpiresAt is { } expires && IssuedAt is { } issued && expires <= issued)
        {
            return ("expiresAt", "The expiry must be after the issue date.");
        }

        if (Metadata is null)
        {
            return null;
        }

        if (Metadata.Count > CertificateLimits.MetadataKeys)
        {
            return ("metadata", $"At most {CertificateLimits.MetadataKeys} keys.");
        }

        foreach (var (key, value) in Metadata)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > CertificateLimits.MetadataKeyLength)
            {
                return ("metadata", $"Keys must be 1 to {CertificateLimits.MetadataKeyLength} characters.");
            }

            if (value is null || value.Length > CertificateLimits.MetadataValueLength)
            {
                return ($"metadata.{key}", $"Values must be text of at most {CertificateLimits.MetadataValueLength} characters.");
            }
        }

        return null;
    }
}

public sealed record StatusChangeRequest([StringLength(CertificateLimits.ReasonLength)] string? Reason);

public sealed record BulkRevokeRequest(
    [Required, MinLength(1), MaxLength(1000)] Guid[] Ids,
    [Required, StringLength(CertificateLimits.ReasonLength, MinimumLength = 1)] string Reason);

public sealed record CertificateView(
    Guid Id, string Code, string RecipientName, string? RecipientEmail, string Title, string? Description,
    DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, CertificateStatus Status, DateTimeOffset? StatusChangedAt, string? StatusReason,
    Guid? TemplateId, Guid IssuedBy, Dictionary<string, string> Metadata, Guid? BatchId, bool IsPublic,
    string VerifyUrl, string QrUrl, string CredentialUrl)
{
    public static CertificateView From(Certificate c, string publicBaseUrl)
    {
        var code = CertificateCode.Format(c.Code);
        return new(
            c.Id, code, c.RecipientName, c.RecipientEmail, c.Title, c.Description, c.IssuedAt, c.ExpiresAt,
            c.Status, c.StatusChangedAt, c.StatusReason, c.TemplateId, c.IssuedBy, c.Metadata, c.BatchId, c.IsPublic,
            PublicUrls.Verification(publicBaseUrl, code), PublicUrls.QrCode(publicBaseUrl, code), PublicUrls.Credential(publicBaseUrl, code));
    }
}
