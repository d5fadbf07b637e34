using Microsoft.AspNetCore.Http.Extensions;

namespace CertVerify.Web.Pages.Shared;

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
