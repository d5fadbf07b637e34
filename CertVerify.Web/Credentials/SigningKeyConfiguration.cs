using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Credentials;

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> key)
    {
        key.ToTable("signing_keys");
        key.Property(k => k.Id).HasMaxLength(64);
        key.Property(k => k.PublicJwk).HasMaxLength(1000);
        key.Property(k => k.ProtectedPrivateKey).HasMaxLength(4000);
        key.Property(k => k.PublicKeyMultibase).HasMaxLength(100);
        key.Property(k => k.ProtectedEd25519PrivateKey).HasMaxLength(1000);
        // At most one key signs at a time, even when two Admins rotate at once.
        key.HasIndex(k => k.RetiredAt).IsUnique().HasFilter("\"RetiredAt\" IS NULL");
    }
}
