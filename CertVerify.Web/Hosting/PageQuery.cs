using System.ComponentModel.DataAnnotations;

namespace CertVerify.Web.Hosting;

/// <summary>Query parameters of every paged list: <c>?page=1&amp;pageSize=20</c>, at most 100 a page.</summary>
public sealed record PageQuery(
    [property: Range(1, 1_000_000)] int Page = 1,
    [property: Range(1, PageQuery.MaxPageSize)] int PageSize = 20)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>For pages, which show the nearest valid page instead of refusing a hand-edited address.</summary>
    public static PageQuery Clamp(int page, int pageSize) => new(Math.Clamp(page, 1, 1_000_000), Math.Clamp(pageSize, 1, MaxPageSize));
}
