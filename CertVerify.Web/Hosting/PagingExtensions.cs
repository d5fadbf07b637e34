using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Hosting;

public static class PagingExtensions
{
    /// <summary>One page of an ordered query, with the total count of the whole query.</summary>
    public static async Task<PagedList<T>> ToPagedListAsync<T>(this IQueryable<T> ordered, PageQuery page, CancellationToken ct) =>
        new(await ordered.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct), page.Page, page.PageSize, await ordered.CountAsync(ct));
}
