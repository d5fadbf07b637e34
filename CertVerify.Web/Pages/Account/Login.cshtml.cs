using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Account;

/// <summary>Signs in through <c>POST /api/auth/login</c>, then goes back where the user was heading.</summary>
[AllowAnonymous]
public sealed class LoginModel : PageModel
{
    public string ReturnUrl { get; private set; } = "/account";

    public bool Registered { get; private set; }

    public bool Confirmed { get; private set; }

    public bool Reset { get; private set; }

    public void OnGet(string? returnUrl, bool registered = false, bool confirmed = false, bool reset = false)
    {
        // Only our own pages: never an open redirect.
        ReturnUrl = Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/api", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/account";
        (Registered, Confirmed, Reset) = (registered, confirmed, reset);
    }
}
