using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace CertVerify.Web.Hosting;

/// <summary>
/// Turns requests the framework could not bind (malformed JSON, wrong types, missing body, unsupported media type,
/// oversized body) into problem details that say what was wrong and, for JSON, at which field.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        context.Response.StatusCode = badRequest.StatusCode;
        var json = FindJsonException(badRequest);
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request body too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                _ => json is null ? "Bad request" : "Malformed JSON",
            },
            Detail = json is null ? badRequest.Message : $"The JSON could not be read at {FieldOf(json)}.",
        };
        if (json is not null)
        {
            problem.Extensions["field"] = FieldOf(json);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonException(Exception exception) =>
        exception switch
        {
            JsonException json => json,
            { InnerException: { } inner } => FindJsonException(inner),
            _ => null,
        };

    // "$.recipient.name" -> "recipient.name"; "$" (the document itself) -> "body".
    private static string FieldOf(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.") ? path[2..] : "body";
}
