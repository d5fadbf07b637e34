using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Account;

/// <summary>
/// A forgotten password: without a token, asks for the email (<c>POST /api/auth/password-reset</c>); from the mailed link,
/// asks for the new password (<c>POST /api/auth/password-reset/complete</c>).
/// </summary>
[AllowAnonymous]
public sealed class ResetModel : PageModel
{
    public string? Token { get; private set; }

    public bool Sent { get; private set; }

    public void OnGet(string? token, bool sent = false) => (Token, Sent) = (token, sent);
}
