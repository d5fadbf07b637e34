namespace CertVerify.Web.Security;

/// <summary>The security headers every response carries, set in one place.</summary>
public static class SecurityHeaders
{
    // Our own pages only: scripts, styles, images and fetches from this origin, never framed, no plugins.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference page (Scalar, served from this origin): its one inline start-up script runs with the page's
    /// nonce, and the styles its script injects are allowed. Everything else is as strict as for our own pages.
    /// </summary>
    public static string ApiReferencePolicy(string scriptNonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{scriptNonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self' data:; media-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // The camera is for the QR scanner on our own verify page; nothing else is used.
            headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=(), payment=()";
            return next(context);
        });
}
