using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Accounts;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users");
        user.Property(u => u.Email).HasMaxLength(UserLimits.EmailLength);
        user.Property(u => u.NormalizedEmail).HasMaxLength(UserLimits.EmailLength);
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
        user.Property(u => u.Name).HasMaxLength(UserLimits.NameLength);
        user.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        user.Property(u => u.ProfileHandle).HasMaxLength(UserLimits.ProfileHandleLength);
        user.HasIndex(u => u.ProfileHandle).IsUnique();
    }
}
