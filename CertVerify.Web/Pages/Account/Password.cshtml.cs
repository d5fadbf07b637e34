using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Account;

/// <summary>Changes the password through <c>POST /api/auth/password</c>, which ends the user's other sessions.</summary>
public sealed class PasswordModel : PageModel
{
    public bool Changed { get; private set; }

    public void OnGet(bool changed = false) => Changed = changed;
}
