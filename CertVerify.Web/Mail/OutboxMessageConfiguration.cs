using CertVerify.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CertVerify.Web.Mail;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public const string TableName = "mail_outbox";

    /// <summary>The kinds a certificate gets at most one of: the predicate of the unique index, and of the scheduler's ON CONFLICT.</summary>
    public const string OncePerCertificateFilter = "\"Kind\" IN ('CertificateExpiring', 'CertificateExpired')";

    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable(TableName);
        message.Property(m => m.Kind).HasConversion<string>().HasMaxLength(32);
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.Recipient).HasMaxLength(UserLimits.EmailLength);
        message.Property(m => m.LastError).HasMaxLength(MailLimits.ErrorLength);
        // What the senders look for: the due pending messages, oldest first.
        message.HasIndex(m => m.NextAttemptAt).HasFilter("\"Status\" = 'Pending'");
        message.HasIndex(m => new { m.Status, m.CreatedAt });
        message.HasIndex(m => m.CertificateId); // the foreign key is the certificates' side (CertificateConfiguration)
        // Expiry mail goes once per certificate, however many replicas' schedulers write it (INSERT ... ON CONFLICT DO NOTHING).
        message.HasIndex(m => new { m.CertificateId, m.Kind }).IsUnique().HasFilter(OncePerCertificateFilter)
            .HasDatabaseName("IX_mail_outbox_once_per_certificate");
        message.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
