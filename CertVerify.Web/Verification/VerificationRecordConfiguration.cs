using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Verification;

internal sealed class VerificationRecordConfiguration : IEntityTypeConfiguration<VerificationRecord>
{
    public void Configure(EntityTypeBuilder<VerificationRecord> record)
    {
        record.ToTable("verifications");
        record.Property(r => r.Code).HasMaxLength(64);
        record.Property(r => r.Result).HasMaxLength(16)
            .HasConversion(status => status.WireName(), name => EnumNames.ParseWireName<VerificationStatus>(name));
        record.Property(r => r.ClientIp).HasMaxLength(64);
        record.Property(r => r.UserAgent).HasMaxLength(300);
        record.Property(r => r.InstanceId).HasMaxLength(128);
        // Rows written before counts were kept stand for one verification each.
        record.Property(r => r.Count).HasDefaultValue(1);
        record.HasIndex(r => new { r.CertificateId, r.At });
        record.HasIndex(r => r.At);
    }
}
