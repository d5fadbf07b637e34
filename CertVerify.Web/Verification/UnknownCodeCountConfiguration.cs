using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Verification;

internal sealed class UnknownCodeCountConfiguration : IEntityTypeConfiguration<UnknownCodeCount>
{
    public void Configure(EntityTypeBuilder<UnknownCodeCount> count)
    {
        count.ToTable("unknown_code_verifications");
        count.HasKey(c => new { c.Minute, c.ClientIp, c.InstanceId });
        count.Property(c => c.ClientIp).HasMaxLength(64);
        count.Property(c => c.InstanceId).HasMaxLength(128);
    }
}
