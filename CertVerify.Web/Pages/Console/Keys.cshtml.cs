using CertVerify.Web.Accounts;
using CertVerify.Web.ApiKeys;
using CertVerify.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// API keys for issuing systems: listed as <c>GET /api/keys</c> lists them (Admins may see everyone's with
/// <c>?all=true</c>), created with <c>POST /api/keys</c> (the key is shown once) and revoked with <c>DELETE /api/keys/{id}</c>.
/// </summary>
public sealed class KeysModel(CertVerifyDbContext db) : PageModel
{
    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    public bool All { get; private set; }

    public bool CanSeeAll => User.IsAdmin();

    public Guid Me => User.UserId();

    public async Task OnGetAsync(bool all = false, CancellationToken ct = default)
    {
        All = all && CanSeeAll;
        Keys = await ApiKeyManager.ListForAsync(User, db, All, ct);
    }
}
