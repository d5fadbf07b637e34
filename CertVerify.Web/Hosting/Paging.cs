using System.ComponentModel.DataAnnotations;

namespace CertVerify.Web.Hosting;

/// <summary>Query parameters of every paged list: <c>?page=1&amp;pageSize=20</c>, at most 100 a page.</summary>
public sealed record PageQuery(
    [property: Range(1, 1_000_000)] int Page = 1,
    [property: Range(1, PageQuery.MaxPageSize)] int PageSize = 20)
{
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;
}

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
