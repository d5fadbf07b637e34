using CertVerify.Web.Data;
using CertVerify.Web.Templates;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages.Console;

/// <summary>Issue one certificate: the form posts to <c>POST /api/certificates</c>, which alone validates it.</summary>
public sealed class NewCertificateModel(CertVerifyDbContext db) : PageModel
{
    public IReadOnlyList<(Guid Id, string Name)> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Templates = (await db.Templates.AsNoTracking().Where(t => t.Active).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Select(t => (t.Id, t.Name)).ToList();
}
