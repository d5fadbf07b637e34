using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Security.Claims;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>
/// The filters and order of the certificate list: <c>GET /api/certificates</c> and the console's list page both search
/// with this. Dates are compared as instants (UTC); <c>search</c> covers name, email, title and the code. A status
/// must be one (a query enum also binds from any number: status=42).
/// </summary>
public sealed record CertificateSearch(
    string? Search = null,
    [property: EnumDataType(typeof(CertificateStatus))] CertificateStatus? Status = null,
    Guid? TemplateId = null,
    DateTimeOffset? IssuedFrom = null,
    DateTimeOffset? IssuedTo = null,
    Guid? BatchId = null,
    string? Sort = null)
{
    /// <summary>The default order: newest first.</summary>
    public const string DefaultSort = "-issuedAt";

    /// <summary>The fields a list can be sorted by; <c>-field</c> sorts descending.</summary>
    public static readonly IReadOnlyList<string> SortFields = ["issuedAt", "recipientName", "title", "status"];

    /// <summary>The field and reason of a 400 for a search that cannot be run, or null.</summary>
    public (string Field, string Error)? Check()
    {
        if (IssuedFrom > IssuedTo)
        {
            return ("issuedFrom", "'issuedFrom' must not be after 'issuedTo'.");
        }

        return ParseSort(Sort) is null
            ? ("sort", $"Sort by one of {string.Join(", ", SortFields)}, with a leading '-' for descending.")
            : null;
    }

    /// <summary>One page of the certificates <paramref name="caller"/> may see that match, in the requested order.</summary>
    public Task<PagedList<Certificate>> FindAsync(CertVerifyDbContext db, ClaimsPrincipal caller, PageQuery page, CancellationToken ct)
    {
        var query = CertificateAccess.VisibleTo(db.Certificates.AsNoTracking(), caller);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim();
            var pattern = LikePattern.Containing(text);
            var code = CertificateCode.TryNormalize(text, out var normalized) ? normalized : null;
            query = query.Where(c => c.Code == code
                || EF.Functions.ILike(c.RecipientName, pattern, "\\")
                || EF.Functions.ILike(c.RecipientEmail!, pattern, "\\")
                || EF.Functions.ILike(c.Title, pattern, "\\"));
        }

        var (from, to) = (IssuedFrom?.ToUniversalTime(), IssuedTo?.ToUniversalTime());
        if (Status is not null) query = query.Where(c => c.Status == Status);
        if (TemplateId is not null) query = query.Where(c => c.TemplateId == TemplateId);
        if (from is not null) query = query.Where(c => c.IssuedAt >= from);
        if (to is not null) query = query.Where(c => c.IssuedAt <= to);
        if (BatchId is not null) query = query.Where(c => c.BatchId == BatchId);

        var (field, descending) = ParseSort(Sort) ?? throw new InvalidOperationException("Check() the search first.");
        return (field switch
        {
            "recipientName" => OrderBy(query, c => c.RecipientName, descending),
            "title" => OrderBy(query, c => c.Title, descending),
            // Lifecycle order rather than alphabetical: active, suspended, revoked.
            "status" => OrderBy(query, c => c.Status == CertificateStatus.Active ? 0 : c.Status == CertificateStatus.Suspended ? 1 : 2, descending),
            _ => OrderBy(query, c => c.IssuedAt, descending),
        }).ToPagedListAsync(page, ct);
    }

    /// <summary>The field (as in <see cref="SortFields"/>) and direction; null when unknown. Absent means the default.</summary>
    public static (string Field, bool Descending)? ParseSort(string? sort)
    {
        var text = string.IsNullOrWhiteSpace(sort) ? DefaultSort : sort.Trim();
        var descending = text.StartsWith('-');
        var name = descending ? text[1..] : text;
        var field = SortFields.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase));
        return field is null ? null : (field, descending);
    }

    // Ties (same name, same day...) are broken by id, so that paging is stable.
    private static IOrderedQueryable<Certificate> OrderBy<TKey>(IQueryable<Certificate> query, Expression<Func<Certificate, TKey>> key, bool descending) =>
        descending
            ? query.OrderByDescending(key).ThenByDescending(c => c.Id)
            : query.OrderBy(key).ThenBy(c => c.Id);
}
