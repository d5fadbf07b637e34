using CertVerify.Web.Hosting;

namespace CertVerify.Web.Pages.Shared;

/// <summary>What <c>_Pager.cshtml</c> shows under a paged list: where we are, and links that keep the other filters.</summary>
public sealed record PagerView(int Page, int PageSize, int Total, HttpRequest Request, string Noun)
{
    public static PagerView Of<T>(PagedList<T> list, HttpRequest request, string noun) => new(list.Page, list.PageSize, list.Total, request, noun);

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public string Link(int page) => Request.WithQuery("page", page.ToString());
}
