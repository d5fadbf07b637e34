using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// Admins' wording of the mail certificates' recipients get: read, changed, reset to the default (audited like every
/// admin change), and previewed with sample values. Organisation-wide wording: Admins only, like the organisation itself.
/// </summary>
public sealed class MailTemplateEditor(CertVerifyDbContext db, AuditLog audit, PublicUrls urls, TimeProvider clock)
{
    /// <summary>The recipient mail kind named in a route, in any case; null for anything else.</summary>
    public static MailKind? Parse(string kind) =>
        MailTemplateDefaults.Kinds.Where(k => string.Equals(k.ToString(), kind, StringComparison.OrdinalIgnoreCase)).Select(k => (MailKind?)k).FirstOrDefault();

    public async Task<IReadOnlyList<MailTemplateView>> ListAsync(CancellationToken ct)
    {
        var stored = await db.MailTemplates.AsNoTracking().ToDictionaryAsync(t => t.Kind, ct);
        return MailTemplateDefaults.Kinds.Select(kind => stored.TryGetValue(kind, out var t) ? MailTemplateView.From(t) : Default(kind)).ToList();
    }

    public async Task<MailTemplateView> GetAsync(MailKind kind, CancellationToken ct) =>
        await db.MailTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Kind == kind, ct) is { } stored ? MailTemplateView.From(stored) : Default(kind);

    public async Task<Outcome<MailTemplateView>> SaveAsync(MailKind kind, MailTemplateRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (text, errors) = MailTemplateRules.Check(request);
        if (text is null)
        {
            return Refusal.Invalid(errors);
        }

        var template = await db.MailTemplates.SingleOrDefaultAsync(t => t.Kind == kind, ct);
        if (template is null)
        {
            template = new MailTemplate { Kind = kind, Subject = "", Text = "", Html = "" };
            db.MailTemplates.Add(template);
        }

        (template.Subject, template.Text, template.Html) = (text.Subject, text.Text, text.Html);
        (template.UpdatedAt, template.UpdatedBy) = (clock.GetUtcNow(), caller.UserId());
        audit.Add(AuditActions.MailTemplateUpdated, kind.ToString(), new { template.Subject });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation() || ex is DbUpdateConcurrencyException)
        {
            // Another Admin saved it first, or reset it meanwhile.
            return Refusal.Conflict("The template was changed at the same time: reload and try again.");
        }

        return MailTemplateView.From(template);
    }

    /// <summary>Back to the default wording (nothing stored); resetting a default changes nothing and logs nothing.</summary>
    public async Task<MailTemplateView> ResetAsync(MailKind kind, CancellationToken ct)
    {
        if (await db.MailTemplates.SingleOrDefaultAsync(t => t.Kind == kind, ct) is { } stored)
        {
            db.MailTemplates.Remove(stored);
            audit.Add(AuditActions.MailTemplateReset, kind.ToString());
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Reset by another Admin at the same time: the default it is.
            }
        }

        return Default(kind);
    }

    /// <summary>The wording as a recipient would get it, for a sample certificate, with the organisation's name and logo.</summary>
    public async Task<Outcome<MailContent>> PreviewAsync(MailTemplateRequest request, CancellationToken ct)
    {
        var (text, errors) = MailTemplateRules.Check(request);
        if (text is null)
        {
            return Refusal.Invalid(errors);
        }

        var branding = await MailBranding.LoadAsync(db, urls, ct);
        return MailTemplateRenderer.Render(text, RecipientMailValues.Sample(branding.OrganisationName, urls.BaseUrl, clock.GetUtcNow()), branding);
    }

    private static MailTemplateView Default(MailKind kind) => MailTemplateView.Default(kind, MailTemplateDefaults.For(kind));
}
