using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Templates;
using CertVerify.Web.Verification;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// One certificate for its issuer (or an Admin): every field, the QR code, who verified it (the same history as
/// <c>GET /api/certificates/{id}/verifications</c>), where its email to the recipient stands (from the outbox), and forms
/// that suspend, reinstate, revoke and email the recipient again through the API. Staff opening another issuer's
/// certificate get 403, as from the API.
/// </summary>
public sealed class CertificateModel(CertVerifyDbContext db, PublicUrls urls, RecipientNotifications notifications) : PageModel
{
    public const int HistoryPageSize = 20;

    public CertificateView Certificate { get; private set; } = null!;

    public string IssuerName { get; private set; } = "";

    public string? TemplateName { get; private set; }

    public PagedList<VerificationView> History { get; private set; } = null!;

    /// <summary>Every verification of the certificate; <see cref="History"/>'s entries each count one or more.</summary>
    public int Verifications { get; private set; }

    public RecipientNotification Notification { get; private set; } = RecipientNotification.NotAsked;

    /// <summary>Why the recipient cannot be emailed again (the API's refusal), or null when they can.</summary>
    public string? CannotNotify { get; private set; }

    public int LastHistoryPage => Math.Max(1, (History.Total + HistoryPageSize - 1) / HistoryPageSize);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().Include(c => c.Issuer).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return NotFound();
        }

        if (!CertificateAccess.CanManage(User, certificate))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Certificate = CertificateView.From(certificate, urls.BaseUrl);
        IssuerName = certificate.Issuer?.Name ?? "";
        TemplateName = certificate.TemplateId is { } templateId
            ? await db.Templates.AsNoTracking().Where(t => t.Id == templateId).Select(t => t.Name).SingleOrDefaultAsync(ct)
            : null;
        Notification = await notifications.LatestAsync(id, ct);
        CannotNotify = RecipientNotifications.RefusalToNotify(certificate)?.Detail;
        History = await VerificationStats.HistoryAsync(db, id, new PageQuery(QueryPage.From(Request), HistoryPageSize), ct);
        Verifications = await VerificationStats.CountAsync(db, id, ct);
        return Page();
    }
}
