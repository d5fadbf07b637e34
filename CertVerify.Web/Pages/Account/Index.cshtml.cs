using CertVerify.Web.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace CertVerify.Web.Pages.Account;

/// <summary>Where signing in leads: the console for issuers, the recipient's own certificates for everyone else.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        Redirect(User.IsInRole(nameof(UserRole.Staff)) || User.IsInRole(nameof(UserRole.Admin)) ? "/console" : "/me");
}
