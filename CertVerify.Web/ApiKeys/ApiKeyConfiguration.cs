using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.ApiKeys;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys");
        key.Property(k => k.Name).HasMaxLength(ApiKeyLimits.NameLength);
        key.Property(k => k.Scope).HasConversion<string>().HasMaxLength(16);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.HasIndex(k => k.Prefix).IsUnique();
        key.HasIndex(k => k.UserId);
        key.HasOne(k => k.User).WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
