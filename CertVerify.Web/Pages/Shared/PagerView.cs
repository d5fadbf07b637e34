using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.Extensions;

namespace CertVerify.Web.Pages.Shared;

/// <summary>What <c>_Pager.cshtml</c> shows under a paged list: where we are, and links that keep the other filters.</summary>
public sealed record PagerView(int Page, int PageSize, int Total, HttpRequest Request, string Noun)
{
    public static PagerView Of<T>(PagedList<T> list, HttpRequest request, string noun) => new(list.Page, list.PageSize, list.Total, request, noun);

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public string Link(int page) => Request.WithQuery("page", page.ToString());
}

public static class QueryLinks
{
    /// <summary>
    /// This page's address with its query as it is but for <paramref name="name"/>, set to <paramref name="value"/>;
    /// any other change of filter starts again at the first page.
    /// </summary>
    public static string WithQuery(this HttpRequest request, string name, string value)
    {
        var query = new QueryBuilder(request.Query.Where(q =>
            !q.Key.Equals(name, StringComparison.OrdinalIgnoreCase) && !q.Key.Equals("page", StringComparison.OrdinalIgnoreCase)))
        {
            { name, value },
        };
        return request.PathBase + request.Path + query.ToQueryString();
    }
}
