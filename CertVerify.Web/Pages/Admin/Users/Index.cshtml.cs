using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace CertVerify.Web.Pages.Admin.Users;

/// <summary>The users, found as <c>GET /api/users</c> finds them; new users are created through <c>POST /api/users</c>.</summary>
public sealed class IndexModel(CertVerifyDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public UserRole? Role { get; set; }

    public PagedList<UserView> Users { get; private set; } = null!;

    public static IReadOnlyList<UserRole> Roles { get; } = Enum.GetValues<UserRole>();

    public async Task OnGetAsync([FromQuery] int page = 1, [FromQuery] int pageSize = 20, CancellationToken ct = default) =>
        Users = await UserQueries.SearchAsync(db, PageQuery.Clamp(page, pageSize), Search, Role, ct);
}
