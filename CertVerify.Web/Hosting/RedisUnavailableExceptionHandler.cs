using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>
/// What cannot work without Redis (the instance registry, listing or ending sessions...) answers 503 with a problem
/// while Redis is unreachable, instead of a 500: nothing is broken, it is unavailable until Redis returns.
/// Errors Redis itself reports (a bad command) stay 500s.
/// </summary>
public sealed class RedisUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisConnectionException or RedisTimeoutException))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "This needs Redis, which cannot be reached right now. Verification still works. Try again shortly.",
            },
        });
    }
}
