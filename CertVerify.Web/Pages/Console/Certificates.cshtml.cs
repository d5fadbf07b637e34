using System.Globalization;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Templates;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// The certificate list: a GET form (works without JavaScript, every view has its own address) over the same search as
/// <c>GET /api/certificates</c>. Dates are whole UTC days.
/// </summary>
public sealed class CertificatesModel(CertVerifyDbContext db) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    [BindProperty(SupportsGet = true)] public Guid? TemplateId { get; set; }

    [BindProperty(SupportsGet = true)] public DateOnly? IssuedFrom { get; set; }

    [BindProperty(SupportsGet = true)] public DateOnly? IssuedTo { get; set; }

    [BindProperty(SupportsGet = true)] public Guid? BatchId { get; set; }

    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    /// <summary>From <c>?page=</c> (see <see cref="QueryPage"/>).</summary>
    public int PageNumber { get; private set; } = 1;

    public string? Error { get; private set; }

    public PagedList<Certificate> Found { get; private set; } = new([], 1, PageSize, 0);

    public IReadOnlyList<(Guid Id, string Name, bool Active)> Templates { get; private set; } = [];

    public string CurrentSort => CertificateSearch.ParseSort(Sort) is { } sort ? (sort.Descending ? "-" : "") + sort.Field : CertificateSearch.DefaultSort;

    public string? TemplateName(Guid? id) => Templates.FirstOrDefault(t => t.Id == id).Name;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Templates = (await db.Templates.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name, t.Active }).ToListAsync(ct))
            .Select(t => (t.Id, t.Name, t.Active)).ToList();
        PageNumber = QueryPage.From(Request);

        CertificateStatus? status = null;
        if (!string.IsNullOrEmpty(Status))
        {
            if (Enum.TryParse<CertificateStatus>(Status, ignoreCase: true, out var parsed) && !char.IsAsciiDigit(Status[0]))
            {
                status = parsed;
            }
            else
            {
                Error = "Choose a status from the list.";
                return;
            }
        }

        if (!ModelState.IsValid)
        {
            Error = "Dates must be written as YYYY-MM-DD, and ids as given.";
            return;
        }

        var search = new CertificateSearch(
            Search, status, TemplateId,
            IssuedFrom?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            IssuedTo?.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc),
            BatchId, Sort);
        if (search.Check() is { } invalid)
        {
            Error = invalid.Field == "sort" ? "Choose an order from the list." : "The 'issued from' date must not be after the 'issued to' date.";
            return;
        }

        Found = await search.FindAsync(db, User, new PageQuery(PageNumber, PageSize), ct);
    }

    public int LastPage => Math.Max(1, (Found.Total + PageSize - 1) / PageSize);

    /// <summary>This list's address with another order or page (back to page 1 unless given), or without the batch.</summary>
    public string Link(string? sort = null, int? page = null, bool allBatches = false)
    {
        var query = new QueryBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) query.Add(name, value);
        }

        Add("search", Search);
        Add("status", Status);
        Add("templateId", TemplateId?.ToString());
        Add("issuedFrom", IssuedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("issuedTo", IssuedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("batchId", allBatches ? null : BatchId?.ToString());
        var order = sort ?? CurrentSort;
        Add("sort", order == CertificateSearch.DefaultSort ? null : order);
        Add("page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
        return "/console/certificates" + query.ToQueryString();
    }

    /// <summary>A column header's link: ascending first (newest first for dates), the other way when already sorted so.</summary>
    public string SortLink(string field)
    {
        var firstDescending = field == "issuedAt";
        var current = CertificateSearch.ParseSort(CurrentSort)!.Value;
        var descending = current.Field == field ? !current.Descending : firstDescending;
        return Link(sort: (descending ? "-" : "") + field);
    }

    public string? AriaSort(string field)
    {
        var current = CertificateSearch.ParseSort(CurrentSort)!.Value;
        return current.Field != field ? null : current.Descending ? "descending" : "ascending";
    }

    public string SortOptionLabel => SortOptions.First(o => o.Value == CurrentSort).Label.ToLowerInvariant();

    public static readonly IReadOnlyList<(string Value, string Label)> SortOptions =
    [
        ("-issuedAt", "Newest first"), ("issuedAt", "Oldest first"),
        ("recipientName", "Recipient A-Z"), ("-recipientName", "Recipient Z-A"),
        ("title", "Title A-Z"), ("-title", "Title Z-A"),
        ("status", "Status: active first"), ("-status", "Status: revoked first"),
    ];
}
