using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;
using CertVerify.Web.Security;
using CertVerify.Web.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CertVerify.Web.Pages;

/// <summary>
/// The public verification pages, server-rendered and usable without JavaScript: <c>/verify</c> asks for a code,
/// <c>/verify/{code}</c> shows the verdict. Same verification as the API (cache, rate limit, log). A certificate its
/// recipient made public also shows its description and link-preview tags and may be indexed by search engines; every
/// other answer asks them not to index it (<c>X-Robots-Tag: noindex</c>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.VerifyPolicy)]
public sealed class VerifyModel(Verifier verifier, PublicUrls urls) : PageModel
{
    public Verdict? Verdict { get; private set; }

    /// <summary>The certificate, when its recipient made it public; null otherwise.</summary>
    public CertificateSnapshot? Public { get; private set; }

    public string? Entered { get; private set; }

    public string? Error { get; private set; }

    public string ShareLink => PublicUrls.Verification(urls.BaseUrl, Verdict!.Code);

    public string ImageLink => PublicUrls.Document(urls.BaseUrl, Verdict!.Code, "png");

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
                return RedirectToPage("/Verify", new { code = CertificateCode.Format(canonical) });
            }

            (Entered, Error) = (typed, "That is not a certificate code. Codes look like CV-7Q4M-K2XD-9HBT-W3NP-RS6F.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var verification = await verifier.CheckAsync(code, HttpContext, ct);
        (Verdict, Public) = (verification?.Verdict, verification?.Certificate is { IsPublic: true } shown ? shown : null);
        if (Public is null)
        {
            Response.Headers["X-Robots-Tag"] = "noindex";
        }

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

    public static string Badge(VerificationStatus status) => status switch
    {
        VerificationStatus.Valid => "✓ Valid",
        VerificationStatus.Expired => "⚠ Expired",
        VerificationStatus.Suspended => "⏸ Suspended",
        VerificationStatus.Revoked => "✕ Revoked",
        _ => "? Not found",
    };

    public static string Headline(VerificationStatus status) => status switch
    {
        VerificationStatus.Valid => "This certificate is valid.",
        VerificationStatus.Expired => "This certificate has expired.",
        VerificationStatus.Suspended => "This certificate is suspended and must not be relied on.",
        VerificationStatus.Revoked => "This certificate has been revoked and is not valid.",
        _ => "No certificate has this code.",
    };
}
