using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Templates;

/// <summary>
/// Creating, changing and deleting templates, audited; names are unique regardless of case. Every issuer uses any
/// active template, but only its owner (its creator) or an Admin changes or deletes it: certificates of other issuers
/// use it.
/// </summary>
public sealed class TemplateEditor(CertVerifyDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<Template>> CreateAsync(TemplateRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (TemplateDesign.Check(request.Design) is { } invalid)
        {
            return Refusal.Invalid("design", invalid);
        }

        var now = clock.GetUtcNow();
        var template = new Template
        {
            Name = request.Name.Trim(),
            NormalizedName = Normalize(request.Name),
            Description = request.Description,
            Design = request.Design?.GetRawText() ?? "{}",
            Active = request.Active ?? true,
            ReminderDaysBeforeExpiry = ReminderDays(request),
            CreatedBy = caller.UserId(),
            OwnerId = caller.UserId(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Templates.Add(template);
        audit.Add(AuditActions.TemplateCreated, template.Id.ToString(), new { template.Name });
        return await SaveAsync(template, ct);
    }

    /// <summary>The name and description as sent; the design and whether it is active stay when left out.</summary>
    public async Task<Outcome<Template>> UpdateAsync(Guid id, TemplateRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (TemplateDesign.Check(request.Design) is { } invalid)
        {
            return Refusal.Invalid("design", invalid);
        }

        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return Refusal.NotFound("template");
        }

        if (RefuseChange(template, caller) is { } refused)
        {
            return refused;
        }

        template.Name = request.Name.Trim();
        template.NormalizedName = Normalize(request.Name);
        template.Description = request.Description;
        template.Design = request.Design?.GetRawText() ?? template.Design;
        template.Active = request.Active ?? template.Active;
        template.ReminderDaysBeforeExpiry = ReminderDays(request);
        template.UpdatedAt = clock.GetUtcNow();
        audit.Add(AuditActions.TemplateUpdated, template.Id.ToString(), new { template.Name, template.Active, template.ReminderDaysBeforeExpiry });
        return await SaveAsync(template, ct);
    }

    /// <summary>Only an unused template can be deleted; one that certificates use is deactivated instead. Null when deleted.</summary>
    public async Task<Refusal?> DeleteAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return Refusal.NotFound("template");
        }

        if (RefuseChange(template, caller) is { } refused)
        {
            return refused;
        }

        db.Templates.Remove(template);
        audit.Add(AuditActions.TemplateDeleted, template.Id.ToString(), new { template.Name });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsForeignKeyViolation())
        {
            // The certificates' foreign key is the rule, so a certificate issued meanwhile cannot lose its template.
            return Refusal.Conflict("Certificates use this template: deactivate it instead (PUT with \"active\": false).");
        }

        return null;
    }

    private static Refusal? RefuseChange(Template template, ClaimsPrincipal caller) => template switch
    {
        _ when caller.IsAdmin() || template.OwnerId == caller.UserId() => null,
        { OwnerId: null } => Refusal.Forbidden("Only Admins change this template: it has no owner."),
        _ => Refusal.Forbidden("Only the template's owner (who created it) or an Admin changes it."),
    };

    /// <summary>As sent, like the description: 0 and null both mean no reminder, stored as null.</summary>
    private static int? ReminderDays(TemplateRequest request) => request.ReminderDaysBeforeExpiry is int days and > 0 ? days : null;

    private static string Normalize(string name) => name.Trim().ToUpperInvariant();

    private async Task<Outcome<Template>> SaveAsync(Template template, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return template;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return Refusal.Conflict("A template with this name already exists.");
        }
    }
}
