using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;

namespace CertVerify.Web.Certificates;

/// <summary>A certificate to issue; its recipient is emailed about it (from the outbox) when it has an email, unless <c>notify</c> is false.</summary>
public sealed record IssueCertificateRequest(
    [Required, StringLength(CertificateLimits.NameLength, MinimumLength = 1)] string RecipientName,
    [EmailAddress, StringLength(UserLimits.EmailLength)] string? RecipientEmail,
    [Required, StringLength(CertificateLimits.TitleLength, MinimumLength = 1)] string Title,
    [StringLength(CertificateLimits.DescriptionLength)] string? Description,
    Guid? TemplateId,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? ExpiresAt,
    Dictionary<string, string>? Metadata,
    bool? Notify = null)
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
