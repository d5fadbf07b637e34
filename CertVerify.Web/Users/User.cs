using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CertVerify.Web.Users;

public enum UserRole
{
    Recipient,
    Staff,
    Admin,
}

public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Email { get; set; }

    /// <summary>Upper-cased, trimmed email: makes emails unique regardless of case.</summary>
    public required string NormalizedEmail { get; set; }

    public required string Name { get; set; }

    public string PasswordHash { get; set; } = "";

    public UserRole Role { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}

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
    }
}

public static class UserLimits
{
    public const int EmailLength = 254;
    public const int NameLength = 200;
}
