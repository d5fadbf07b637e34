using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CertVerify.Web.RecipientMail;

internal sealed class MailTemplateConfiguration : IEntityTypeConfiguration<MailTemplate>
{
    public void Configure(EntityTypeBuilder<MailTemplate> template)
    {
        template.ToTable("mail_templates");
        template.HasKey(t => t.Kind);
        template.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
        template.Property(t => t.Subject).HasMaxLength(MailTemplateLimits.SubjectLength);
        template.Property(t => t.Text).HasMaxLength(MailTemplateLimits.TextLength);
        template.Property(t => t.Html).HasMaxLength(MailTemplateLimits.HtmlLength);
    }
}
