using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages;

/// <summary>The page a browser sees for an error status (404, 403...), keeping that status.</summary>
[AllowAnonymous]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string Title => Status switch
    {
        StatusCodes.Status404NotFound => "Page not found",
        StatusCodes.Status403Forbidden => "Not allowed",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        _ => "Something went wrong",
    };

    public string Message => Status switch
    {
        StatusCodes.Status404NotFound => "There is nothing at this address. To check a certificate, enter its code on the verification page.",
        StatusCodes.Status403Forbidden => "Your account cannot open this page. Sign in with another account, or go back.",
        StatusCodes.Status429TooManyRequests => "Please wait a minute and try again.",
        _ => "Please try again. If it keeps happening, tell the issuer of your certificate.",
    };

    public void OnGet(int status)
    {
        Status = status is >= 400 and <= 599 ? status : StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
    }
}
