using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Admin;

/// <summary>The outbox as <c>GET /api/mail/outbox</c> and its summary show it: failed messages first, with why.</summary>
public sealed class MailModel(OutboxAdministration outbox) : PageModel
{
    public OutboxSummary Summary { get; private set; } = null!;

    public OutboxStatus? Status { get; private set; }

    public PagedList<OutboxMessageView> Messages { get; private set; } = null!;

    public async Task OnGetAsync(string? status, [FromQuery] int page = 1, [FromQuery] int pageSize = 50, CancellationToken ct = default)
    {
        // Failed messages are what an Admin comes here for; "all" lists every status.
        Status = status == "all" ? null : Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var chosen) ? chosen : OutboxStatus.Failed;
        Summary = await outbox.SummarizeAsync(ct);
        Messages = await outbox.ListAsync(Status, PageQuery.Clamp(page, pageSize), ct);
    }
}
