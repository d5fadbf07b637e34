using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_log");
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.ActorEmail).HasMaxLength(254);
        entry.Property(e => e.Target).HasMaxLength(320);
        entry.Property(e => e.ClientIp).HasMaxLength(64);
        entry.Property(e => e.InstanceId).HasMaxLength(128);
        entry.Property(e => e.Detail).HasColumnType("jsonb");
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.ActorId, e.At });
        entry.HasIndex(e => new { e.Action, e.At });
        entry.HasIndex(e => new { e.Target, e.At });
    }
}
