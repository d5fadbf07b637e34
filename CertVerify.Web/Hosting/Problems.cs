using Microsoft.AspNetCore.Http.HttpResults;

namespace CertVerify.Web.Hosting;

/// <summary>RFC 9457 answers used across features.</summary>
public static class Problems
{
    /// <summary>400 naming the field that was refused.</summary>
    public static ValidationProblem Field(string field, string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>400 naming every field that was refused.</summary>
    public static ValidationProblem Fields(IEnumerable<(string Field, string Error)> errors) => TypedResults.ValidationProblem(ByField(errors));

    public static ProblemHttpResult NotFound(string what) => For(Refusal.NotFound(what));

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>The answer to a rule's refusal; endpoints that declare <see cref="ValidationProblem"/> answer Invalid with <see cref="Fields"/>.</summary>
    public static ProblemHttpResult For(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.Forbidden => Forbidden(refusal.Detail),
        RefusalKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: refusal.Detail),
        RefusalKind.Conflict => Conflict(refusal.Detail),
        RefusalKind.TooLarge => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: refusal.Detail),
        RefusalKind.UnsupportedType => TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
            detail: refusal.Detail),
        RefusalKind.TooManyRequests => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: refusal.Detail, extensions: new Dictionary<string, object?> { [RetryAfterExtension] = Seconds(refusal.RetryAfter ?? TimeSpan.Zero) }),
        _ => TypedResults.Problem(new HttpValidationProblemDetails(ByField(refusal.Fields)) { Status = StatusCodes.Status400BadRequest }),
    };

    /// <summary>429 with Retry-After, for limits the caller must wait out.</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Seconds(retryAfter).ToString();
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail);
    }

    /// <summary>A refusal's wait, in the problem's body; <see cref="AddRetryAfterHeader"/> also sends it as Retry-After.</summary>
    public const string RetryAfterExtension = "retryAfter";

    /// <summary>Sends a problem's <see cref="RetryAfterExtension"/> as the Retry-After header too (rule classes know no HTTP).</summary>
    public static void AddRetryAfterHeader(ProblemDetailsContext problem)
    {
        if (problem.ProblemDetails.Extensions.TryGetValue(RetryAfterExtension, out var seconds) && seconds is int value)
        {
            problem.HttpContext.Response.Headers.RetryAfter = value.ToString();
        }
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static Dictionary<string, string[]> ByField(IEnumerable<(string Field, string Error)> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray());
}
