using CertVerify.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CertVerify.Web.Mail;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public const string TableName = "mail_outbox";

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
        message.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
