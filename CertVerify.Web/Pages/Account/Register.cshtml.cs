using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Account;

/// <summary>Recipients register themselves through <c>POST /api/auth/register</c>.</summary>
[AllowAnonymous]
public sealed class RegisterModel : PageModel
{
    public void OnGet()
    {
    }
}
