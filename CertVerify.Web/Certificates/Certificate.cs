using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using System.Text.Json;
using CertVerify.Web.Accounts;
using CertVerify.Web.Users;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CertVerify.Web.Certificates;

[System.Text.Json.Serialization.JsonConverter(typeof(SnakeCaseEnumConverter<CertificateStatus>))]
public enum CertificateStatus
{
    Active,
    Suspended,
    Revoked,
}

public sealed class Certificate : IChangeNotifying
{
    string IChangeNotifying.ChangeKey => Code;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Canonical public code (see <see cref="CertificateCode"/>): unique, never reused.</summary>
    public required string Code { get; set; }

    public required string RecipientName { get; set; }

    public string? RecipientEmail { get; set; }

    /// <summary>Upper-cased recipient email, matched against accounts so recipients see their certificates.</summary>
    public string? NormalizedRecipientEmail { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public Guid? TemplateId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Expiry is computed from the clock when verifying, never written back.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public CertificateStatus Status { get; set; }

    public DateTimeOffset? StatusChangedAt { get; set; }

    public string? StatusReason { get; set; }

    public Guid? StatusChangedBy { get; set; }

    public Guid IssuedBy { get; set; }

    public User? Issuer { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public Guid? BatchId { get; set; }

    /// <summary>The Bitstring Status List this certificate's credential points to, and its random index in it.</summary>
    public int StatusList { get; set; }

    public int StatusIndex { get; set; }

    /// <summary>Whether the recipient lists it publicly (the recipient decides).</summary>
    public bool IsPublic { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> certificate)
    {
        certificate.ToTable("certificates");
        certificate.Property(c => c.Code).HasMaxLength(CertificateCode.Length);
        certificate.HasIndex(c => c.Code).IsUnique();
        certificate.Property(c => c.RecipientName).HasMaxLength(CertificateLimits.NameLength);
        certificate.Property(c => c.RecipientEmail).HasMaxLength(UserLimits.EmailLength);
        certificate.Property(c => c.NormalizedRecipientEmail).HasMaxLength(UserLimits.EmailLength);
        certificate.HasIndex(c => c.NormalizedRecipientEmail);
        certificate.Property(c => c.Title).HasMaxLength(CertificateLimits.TitleLength);
        certificate.Property(c => c.Description).HasMaxLength(CertificateLimits.DescriptionLength);
        certificate.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        certificate.Property(c => c.StatusReason).HasMaxLength(CertificateLimits.ReasonLength);
        certificate.Property(c => c.Metadata)
            .HasColumnType("jsonb")
            .HasConversion(
                value => JsonSerializer.Serialize(value, (JsonSerializerOptions?)null),
                json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, (JsonSerializerOptions?)null) ?? new(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    value => value.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
                    value => new Dictionary<string, string>(value)));
        certificate.HasIndex(c => new { c.IssuedBy, c.IssuedAt });
        certificate.HasIndex(c => c.BatchId);
        certificate.HasIndex(c => new { c.StatusList, c.StatusIndex }).IsUnique();
        certificate.HasIndex(c => c.IssuedAt);
        certificate.HasOne<Templates.Template>().WithMany().HasForeignKey(c => c.TemplateId).OnDelete(DeleteBehavior.Restrict);
        certificate.HasOne(c => c.Issuer).WithMany().HasForeignKey(c => c.IssuedBy).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class CertificateLimits
{
    public const int NameLength = 200;
    public const int TitleLength = 300;
    public const int DescriptionLength = 5000;
    public const int ReasonLength = 1000;
    public const int MetadataKeys = 50;
    public const int MetadataKeyLength = 100;
    public const int MetadataValueLength = 5000;
}
