using CertVerify.Web.Accounts;
using CertVerify.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Account;

/// <summary>
/// The page a certificate's claim link opens (<c>POST /api/auth/claim</c>): signed in, one button adds the proved address
/// to the account; otherwise a name and a password create the account, its email already confirmed.
/// </summary>
[AllowAnonymous]
public sealed class ClaimModel(AccountTokens tokens) : PageModel
{
    public string? Token { get; private set; }

    /// <summary>The address the link proves, or null when the link is not valid.</summary>
    public string? Email { get; private set; }

    public bool SignedIn { get; private set; }

    public void OnGet(string? token)
    {
        Token = token;
        Email = token is null ? null : tokens.ReadClaim(token)?.Email;
        SignedIn = User.Identity?.IsAuthenticated == true;
    }
}
