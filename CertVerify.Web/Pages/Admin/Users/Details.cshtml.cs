using CertVerify.Web.Accounts;
using CertVerify.Web.Auth;
using CertVerify.Web.Data;
using CertVerify.Web.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace CertVerify.Web.Pages.Admin.Users;

/// <summary>
/// One user: name, role and access are changed through <c>PATCH /api/users/{id}</c>, sessions listed and ended through
/// <c>/api/users/{id}/sessions</c>. The API's refusals (the last Admin cannot be demoted) show in the forms.
/// </summary>
public sealed class DetailsModel(CertVerifyDbContext db, SessionStore sessions) : PageModel
{
    public UserView Account { get; private set; } = null!;

    public IReadOnlyList<SessionInfo> Sessions { get; private set; } = [];

    public bool Created { get; private set; }

    public bool IsSelf => Account.Id == User.UserId();

    public string? CurrentSessionId => User.FindFirst(CertVerifyClaims.SessionId)?.Value;

    public async Task<IActionResult> OnGetAsync(Guid id, bool created = false, CancellationToken ct = default)
    {
        if (await UserQueries.FindAsync(db, id, ct) is not { } account)
        {
            return NotFound();
        }

        (Account, Created) = (account, created);
        Sessions = (await sessions.ListAsync(id)).OrderByDescending(s => s.LastSeenAt).ToList();
        return Page();
    }
}
