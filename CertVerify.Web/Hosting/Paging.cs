using Microsoft.EntityFrameworkCore;
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

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public PagedList<TOut> Select<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), Page, PageSize, Total);
}

public static class PagingExtensions
{
    /// <summary>One page of an ordered query, with the total count of the whole query.</summary>
    public static async Task<PagedList<T>> ToPagedListAsync<T>(this IQueryable<T> ordered, PageQuery page, CancellationToken ct) =>
        new(await ordered.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct), page.Page, page.PageSize, await ordered.CountAsync(ct));
}
