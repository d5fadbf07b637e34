using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CertVerify.Web.Auth;

/// <summary>
/// Outside Development the session and CSRF cookies are Secure, and ASP.NET Core's antiforgery throws when asked to
/// work over plain http (a sign-in form, a CSRF token, a cookie-carrying change sent to a replica directly, or through
/// an ingress that does not report https). That is the caller's mistake, not the server's: a 400 that says to use
/// https, instead of a 500.
/// </summary>
public sealed class PlainHttpExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const string AntiforgeryAssembly = "Microsoft.AspNetCore.Antiforgery";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Request.IsHttps || exception is not InvalidOperationException { Source: AntiforgeryAssembly })
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "HTTPS required",
                Detail = "Signing in and changes made with a session need https: use the public https address.",
            },
        });
    }
}
