using CertVerify.Web.Hosting;

namespace CertVerify.Web.Pages.Shared;

/// <summary>What <c>_Pager.cshtml</c> needs: where we are in a paged list; links keep the page's path and add <c>?page=</c>.</summary>
public sealed record Pager(int Page, int PageSize, int Total, string Label)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public static Pager Of<T>(PagedList<T> list, string label) => new(list.Page, list.PageSize, list.Total, label);
}
