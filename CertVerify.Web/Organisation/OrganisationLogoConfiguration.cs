using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Organisation;

internal sealed class OrganisationLogoConfiguration : IEntityTypeConfiguration<OrganisationLogo>
{
    public void Configure(EntityTypeBuilder<OrganisationLogo> logo)
    {
        logo.ToTable("organisation_logo");
        logo.Property(l => l.Id).ValueGeneratedNever();
        logo.Property(l => l.ContentType).HasMaxLength(32);
        logo.Property(l => l.Version).HasMaxLength(32);
    }
}
