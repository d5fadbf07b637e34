using CertVerify.Web.Certificates;
using CertVerify.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using CertVerify.Web.Security;

namespace CertVerify.Web.Pages;

/// <summary>
/// The public verification pages, server-rendered and usable without JavaScript: <c>/verify</c> asks for a code,
/// <c>/verify/{code}</c> shows the verdict. Same verification as the API (cache, rate limit, log).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.VerifyPolicy)]
public sealed class VerifyModel(Verifier verifier, PublicUrls urls) : PageModel
{
    public VerifyApi.Verdict? Verdict { get; private set; }

    public string? Entered { get; private set; }

    public string? Error { get; private set; }

    public string ShareLink => $"{urls.Base(HttpContext)}/verify/{Verdict?.Code}";

    public async Task<IActionResult> OnGetAsync([FromRoute] string? code, [FromQuery(Name = "code")] string? typed, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (code is null)
        {
            // The form submits ?code=...: send the browser to the verdict's own, shareable address.
            if (typed is null)
            {
                return Page();
            }

            if (CertificateCode.TryNormalize(typed, out var canonical))
            {
                return Redirect($"/verify/{CertificateCode.Format(canonical)}");
            }

            (Entered, Error) = (typed, "That is not a certificate code. Codes look like CV-7Q4M-K2XD-9HBT-W3NP-RS6F.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Verdict = await verifier.VerifyAsync(code, HttpContext, ct);
        if (Verdict is null)
        {
            (Entered, Error) = (code, "That is not a certificate code. Codes look like CV-7Q4M-K2XD-9HBT-W3NP-RS6F.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (Verdict.Certificate is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public static string Badge(string status) => status switch
    {
        VerifyApi.Valid => "✓ Valid",
        VerifyApi.Expired => "⚠ Expired",
        VerifyApi.Suspended => "⏸ Suspended",
        VerifyApi.Revoked => "✕ Revoked",
        _ => "? Not found",
    };

    public static string Headline(string status) => status switch
    {
        VerifyApi.Valid => "This certificate is valid.",
        VerifyApi.Expired => "This certificate has expired.",
        VerifyApi.Suspended => "This certificate is suspended and must not be relied on.",
        VerifyApi.Revoked => "This certificate has been revoked and is not valid.",
        _ => "No certificate has this code.",
    };
}
