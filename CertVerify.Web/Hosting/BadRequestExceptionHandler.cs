using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CertVerify.Web.Hosting;

/// <summary>
/// Turns requests the framework could not bind (malformed JSON, wrong types, missing body, unsupported media type,
/// oversized body) into problem details that say what was wrong and, for JSON, at which field.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        context.Response.StatusCode = badRequest.StatusCode;
        var problem = FindJsonException(badRequest) is { } json ? MalformedJson(json)
            : BindFailure().Match(badRequest.Message) is { Success: true } bind ? InvalidValue(bind)
            : new ProblemDetails
            {
                Title = badRequest.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "Request body too large",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                    _ => "Bad request",
                },
                Detail = badRequest.Message,
            };
        problem.Status = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails MalformedJson(JsonException json)
    {
        var field = FieldOf(json);
        return new ProblemDetails { Title = "Malformed JSON", Detail = $"The JSON could not be read at {field}.", Extensions = { ["field"] = field } };
    }

    /// <summary>
    /// A route or query value of the wrong type, named like any invalid field. The framework's message quotes the value
    /// as it was sent: not repeated, since echoing input is how reflected scripts begin.
    /// </summary>
    private static HttpValidationProblemDetails InvalidValue(Match bind)
    {
        var name = bind.Groups["name"].Value;
        var type = bind.Groups["type"].Value.Replace("Nullable<", "").TrimEnd('>');
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [char.ToLowerInvariant(name[0]) + name[1..]] = [$"Not a valid {type}."],
        });
    }

    // Failed to bind parameter "Nullable<Guid> BatchId" from "<the value>".
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[^" ]+)" from """)]
    private static partial Regex BindFailure();

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
