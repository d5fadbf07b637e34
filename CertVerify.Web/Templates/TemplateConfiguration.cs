using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Templates;

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> template)
    {
        template.ToTable("templates");
        template.Property(t => t.Name).HasMaxLength(TemplateLimits.NameLength);
        template.Property(t => t.NormalizedName).HasMaxLength(TemplateLimits.NameLength);
        template.HasIndex(t => t.NormalizedName).IsUnique();
        template.Property(t => t.Description).HasMaxLength(TemplateLimits.DescriptionLength);
        template.Property(t => t.Design).HasColumnType("json");
    }
}
