using CertVerify.Web.Accounts;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using CertVerify.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages;

/// <summary>
/// <c>/u/{handle}</c>: a recipient's public profile, the certificates they made public, newest first, each with its
/// current status and a link to its verification page. Name only, never an email. A handle that is unknown, belongs to
/// a disabled account or lists nothing answers 404, so that a profile reveals nothing its owner did not publish.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.VerifyPolicy)]
public sealed class ProfileModel(CertVerifyDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    public sealed record Entry(string Code, string Title, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, VerificationStatus Status);

    public string Name { get; private set; } = "";

    public string IssuerName { get; private set; } = "";

    public PagedList<Entry> Certificates { get; private set; } = new([], 1, PageSize, 0);

    public async Task<IActionResult> OnGetAsync([FromRoute] string handle, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        var owner = await db.Users.AsNoTracking()
            .Where(u => u.ProfileHandle == handle.ToLowerInvariant() && !u.Disabled && u.EmailConfirmedAt != null)
            .Select(u => new { u.Name, u.NormalizedEmail })
            .SingleOrDefaultAsync(ct);
        if (owner is null)
        {
            return NotFound();
        }

        var query = new PageQuery(Math.Clamp(page, 1, 1_000_000), PageSize);
        var listed = await RecipientCertificates.NewestFirstAsync(
            RecipientCertificates.IssuedTo(db.Certificates.AsNoTracking(), owner.NormalizedEmail).Where(c => c.IsPublic), query, ct);
        if (listed.Total == 0)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        (Name, IssuerName) = (owner.Name, (await db.LoadOrganisationAsync(ct)).Name);
        Certificates = listed.Select(c => new Entry(CertificateCode.Format(c.Code), c.Title, c.IssuedAt, c.ExpiresAt,
            CertificateStatusRule.At(c.Status, c.ExpiresAt, now)));
        return Page();
    }
}
