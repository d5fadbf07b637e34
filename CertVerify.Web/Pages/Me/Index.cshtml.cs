using System.Globalization;
using CertVerify.Web.Accounts;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages.Me;

/// <summary>
/// <c>/me</c>: the signed-in user's own certificates (any role), as <c>GET /api/me/certificates</c> lists them, each
/// with its status judged as verification judges it, its share link, a LinkedIn "add to profile" link, downloads and
/// the public/private switch (<c>PATCH /api/me/certificates/{id}</c>).
/// </summary>
public sealed class IndexModel(CertVerifyDbContext db, PublicUrls urls, TimeProvider clock) : PageModel
{
    public const int PageSize = 10;

    public sealed record Entry(CertificateView Certificate, VerificationStatus Status, string LinkedInUrl, string PdfUrl, string PngUrl);

    public PagedList<Entry> Certificates { get; private set; } = new([], 1, PageSize, 0);

    public string IssuerName { get; private set; } = "";

    /// <summary>The user's public profile, when it lists anything.</summary>
    public string? ProfileUrl { get; private set; }

    /// <summary>The certificate whose visibility was just changed (<c>?changed={id}</c>), when it is on this page.</summary>
    public Entry? Changed { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] int page = 1, [FromQuery] Guid? changed = null, CancellationToken ct = default)
    {
        var query = new PageQuery(Math.Clamp(page, 1, 1_000_000), PageSize);
        var mine = await RecipientCertificates.NewestFirstAsync(RecipientCertificates.IssuedTo(db, db.Certificates.AsNoTracking(), User), query, ct);
        if (mine.Items.Count == 0 && mine.Total > 0)
        {
            return Redirect($"/me?page={(mine.Total + PageSize - 1) / PageSize}");
        }

        var issuer = await db.LoadOrganisationAsync(ct);
        var (baseUrl, now) = (urls.BaseUrl, clock.GetUtcNow());
        IssuerName = issuer.Name;
        Certificates = mine.Select(c =>
        {
            var view = CertificateView.From(c, baseUrl);
            return new Entry(view, CertificateStatusRule.At(c.Status, c.ExpiresAt, now), LinkedInUrl(view, issuer.Name),
                PublicUrls.Document(baseUrl, view.Code, "pdf"), PublicUrls.Document(baseUrl, view.Code, "png"));
        });
        Changed = Certificates.Items.FirstOrDefault(e => e.Certificate.Id == changed);

        var userId = Accounts.CertVerifyClaims.UserId(User);
        var handle = await db.Users.Where(u => u.Id == userId).Select(u => u.ProfileHandle).SingleOrDefaultAsync(ct);
        if (handle is not null && await RecipientCertificates.IssuedTo(db, db.Certificates, User).AnyAsync(c => c.IsPublic, ct))
        {
            ProfileUrl = PublicUrls.Profile(baseUrl, handle);
        }

        return Page();
    }

    /// <summary>
    /// LinkedIn's "add a certification to your profile" form, filled in. A plain link: nothing is loaded from LinkedIn
    /// until the user follows it.
    /// </summary>
    public static string LinkedInUrl(CertificateView certificate, string issuerName)
    {
        var parameters = new List<(string Name, string Value)>
        {
            ("startTask", "CERTIFICATION_NAME"),
            ("name", certificate.Title),
            ("organizationName", issuerName),
            ("issueYear", certificate.IssuedAt.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture)),
            ("issueMonth", certificate.IssuedAt.UtcDateTime.Month.ToString(CultureInfo.InvariantCulture)),
        };
        if (certificate.ExpiresAt is { } expires)
        {
            parameters.Add(("expirationYear", expires.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture)));
            parameters.Add(("expirationMonth", expires.UtcDateTime.Month.ToString(CultureInfo.InvariantCulture)));
        }

        parameters.Add(("certUrl", certificate.VerifyUrl));
        parameters.Add(("certId", certificate.Code));
        return "https://www.linkedin.com/profile/add?"
            + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
    }
}
