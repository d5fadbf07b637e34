using CertVerify.Web.Data;
using CertVerify.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.RecipientMail;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class RecipientMailTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<MailTemplate> MailTemplates => db.Set<MailTemplate>();

        /// <summary>The wording of a kind of recipient mail: the Admin's, or the default.</summary>
        public async Task<MailTemplateText> LoadMailTemplateAsync(MailKind kind, CancellationToken ct) =>
            await db.MailTemplates.AsNoTracking().Where(t => t.Kind == kind)
                .Select(t => new MailTemplateText(t.Subject, t.Text, t.Html)).SingleOrDefaultAsync(ct)
            ?? MailTemplateDefaults.For(kind);
    }
}
