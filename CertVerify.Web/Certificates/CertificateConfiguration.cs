using System.Text.Json;
using CertVerify.Web.Accounts;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

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
        certificate.HasMany<Mail.OutboxMessage>().WithOne().HasForeignKey(m => m.CertificateId).OnDelete(DeleteBehavior.Cascade);
        certificate.HasIndex(c => new { c.StatusList, c.StatusIndex }).IsUnique();
        certificate.HasIndex(c => c.IssuedAt);
        certificate.HasIndex(c => c.ExpiresAt).HasFilter("\"ExpiresAt\" IS NOT NULL"); // the expiry mail scheduler's ranges
        certificate.HasOne<Templates.Template>().WithMany().HasForeignKey(c => c.TemplateId).OnDelete(DeleteBehavior.Restrict);
        certificate.HasOne(c => c.Issuer).WithMany().HasForeignKey(c => c.IssuedBy).OnDelete(DeleteBehavior.Restrict);
    }
}
