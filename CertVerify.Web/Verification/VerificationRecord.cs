using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Verification;

/// <summary>One verification: what was asked, what was answered, by whom and where.</summary>
public sealed class VerificationRecord
{
    public long Id { get; set; }

    public Guid? CertificateId { get; set; }

    public required string Code { get; set; }

    public required VerificationStatus Result { get; set; }

    public DateTimeOffset At { get; set; }

    public string? ClientIp { get; set; }

    public string? UserAgent { get; set; }

    public required string InstanceId { get; set; }
}

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
        record.HasIndex(r => new { r.CertificateId, r.At });
        record.HasIndex(r => r.At);
    }
}
