using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Account;

/// <summary>
/// The page a confirmation link opens: one button that sends the token to <c>POST /api/auth/confirm</c> (opening the
/// link alone changes nothing, so a mail scanner that follows it confirms nothing).
/// </summary>
[AllowAnonymous]
public sealed class ConfirmModel : PageModel
{
    public string? Token { get; private set; }

    public void OnGet(string? token) => Token = token;
}
