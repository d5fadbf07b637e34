using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace CertVerify.Web.Pages.Admin;

/// <summary>The audit log with the filters and paging of <c>GET /api/audit</c> (same query parameters, same search).</summary>
public sealed class AuditModel(CertVerifyDbContext db) : PageModel
{
    public AuditFilter Filter { get; private set; } = null!;

    public PagedList<AuditEntryView>? Entries { get; private set; }

    /// <summary>Why the filters cannot be applied (as the API would refuse them), or null.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(
        string? actor, string? action, string? target, DateTimeOffset? from, DateTimeOffset? to,
        [FromQuery] int page = 1, [FromQuery] int pageSize = 50, CancellationToken ct = default)
    {
        Filter = new AuditFilter(actor, action, target, from, to);
        var unreadable = ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key).ToList();
        Error = unreadable.Count > 0 ? $"Not understood: {string.Join(", ", unreadable)}. Dates look like 2026-11-27T09:30." : Filter.Error;
        if (Error is null)
        {
            Entries = await Filter.SearchAsync(db, PageQuery.Clamp(page, pageSize), ct);
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>A filter's time as a datetime-local input shows it (UTC, to the second).</summary>
    public static string? InputValue(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss");
}
