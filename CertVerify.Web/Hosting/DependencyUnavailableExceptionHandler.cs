using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>
/// A request that failed because PostgreSQL, Redis or another service it needs cannot be reached answers 503 with a problem and Retry-After,
/// instead of a 500: nothing is broken, it is unavailable until the dependency returns (FaultsTests,
/// RedisOutageTests). Errors a dependency itself reports (a bad command, a constraint) stay 500s.
/// Nginx does not fail over on 503, so a shared dependency being down never takes the replicas out of rotation.
/// </summary>
public sealed class DependencyUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            RedisConnectionException or RedisTimeoutException =>
                "This needs Redis, which cannot be reached right now. Verification still works. Try again shortly.",
            _ when exception.IsDatabaseUnavailable() =>
                "The database cannot be reached right now. Try again shortly.",
            DependencyUnavailableException unavailable => unavailable.Message,
            _ => null,
        };
        if (detail is null)
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
                Detail = detail,
            },
        });
    }
}
