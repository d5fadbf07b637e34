using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Organisation;

internal sealed class OrganisationProfileConfiguration : IEntityTypeConfiguration<OrganisationProfile>
{
    public void Configure(EntityTypeBuilder<OrganisationProfile> profile)
    {
        profile.ToTable("organisation");
        profile.Property(p => p.Id).ValueGeneratedNever();
        profile.Property(p => p.Name).HasMaxLength(200);
        profile.Property(p => p.Url).HasMaxLength(500);
        profile.Property(p => p.LogoUrl).HasMaxLength(500);
        profile.Property(p => p.Contact).HasMaxLength(300);
    }
}
