using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Templates;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// The certificate templates, shared by every issuer, with how many certificates use each (an index lookup per
/// template: the foreign key is indexed). Activating and deactivating are <c>PUT /api/templates/{id}</c>.
/// </summary>
public sealed class TemplatesModel(CertVerifyDbContext db) : PageModel
{
    public sealed record TemplateRow(Guid Id, string Name, string? Description, bool Active, DateTimeOffset UpdatedAt, int Certificates);

    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Templates = await db.Templates.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new TemplateRow(t.Id, t.Name, t.Description, t.Active, t.UpdatedAt, db.Set<Certificate>().Count(c => c.TemplateId == t.Id)))
            .ToListAsync(ct);
}
