using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CertVerify.Web.Certificates;

/// <summary>
/// Issuing many certificates in one request, from a JSON array or a CSV file (see <see cref="BulkInput"/>). Every row
/// is validated first; valid rows are committed together in one transaction under one batch id (nothing partial if
/// anything fails), rejected rows are reported with the row number (from 1, data rows only), field and reason.
/// <c>?dryRun=true</c> only reports.
/// </summary>
public static class BulkIssueApi
{
    public static IEndpointRouteBuilder MapBulkIssueApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/certificates/bulk", IssueAsync)
            .WithTags("Certificates")
            .RequireAuthorization(Policies.Issuer)
            .WithMetadata(new RequestSizeLimitAttribute(BulkIssuer.MaxBodyBytes))
            .WithName("BulkIssueCertificates")
            .WithSummary("Issue many certificates")
            .WithDescription("Rows as a JSON array, a CSV file (the columns of `GET /api/certificates/bulk/template.csv`, " +
                "`meta.<key>` for metadata) or a form with that one CSV file; at most 50,000 rows (413). Every row is checked " +
                "first; the valid ones are issued together under one batch id, in one transaction. 201 when all were issued, " +
                "207 when some were rejected (each with its row, CSV line, field and reason), 400 when none was valid. " +
                "`?dryRun=true` checks and previews the rows without issuing anything (200). Each recipient with an email is " +
                "emailed afterwards (from the outbox), unless `?notify=false`.")
            .Produces<BulkResult>(StatusCodes.Status207MultiStatus);
        app.MapGet("/api/certificates/bulk/template.csv", DownloadTemplate)
            .WithTags("Certificates")
            .RequireAuthorization(Policies.Issuer)
            .WithName("DownloadBulkTemplate")
            .WithSummary("The CSV template for bulk issuing")
            .WithDescription("The header and one valid example row, UTF-8 with a byte order mark so spreadsheets keep the characters.")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/csv");
        return app;
    }

    private static async Task<Results<Created<BulkResult>, JsonHttpResult<BulkResult>, Ok<BulkResult>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        bool? dryRun, bool? notify, ClaimsPrincipal caller, HttpContext context, IOptions<JsonOptions> json, BulkIssuer bulk, PublicUrls urls,
        CancellationToken ct)
    {
        var input = await BulkInput.ReadAsync(context.Request, json.Value.SerializerOptions, ct);
        if (input.Refusal is { } refusal)
        {
            return Problems.Field(refusal.Field, refusal.Error);
        }

        var outcome = await bulk.IssueAsync(input.Rows, dryRun == true, notify != false, caller.UserId(), urls.BaseUrl, ct);
        if (!outcome.Succeeded)
        {
            return outcome.Refusal.Kind == RefusalKind.Invalid ? Problems.Fields(outcome.Refusal.Fields) : Problems.For(outcome.Refusal);
        }

        return outcome.Value switch
        {
            { DryRun: true } preview => TypedResults.Ok(preview),
            { Issued: 0 } none => NoValidRows(none),
            { Rejected: 0 } all => TypedResults.Created($"/api/certificates?batchId={all.BatchId}", all),
            var some => TypedResults.Json(some, statusCode: StatusCodes.Status207MultiStatus),
        };
    }

    /// <summary>A refusal like any other, a problem, carrying the fields of the result: each row's errors among them.</summary>
    private static ProblemHttpResult NoValidRows(BulkResult result) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No valid rows",
            detail: "Every row has errors: nothing was issued.", extensions: new Dictionary<string, object?>
            {
                ["batchId"] = null, ["dryRun"] = false, ["issued"] = 0, ["rejected"] = result.Rejected, ["certificates"] = result.Certificates,
                ["errors"] = result.Errors,
            });

    private static FileContentHttpResult DownloadTemplate(HttpContext context)
    {
        context.Response.Headers.ContentDisposition = "attachment; filename=\"certificates-template.csv\"";
        return TypedResults.File(BulkCsv.Template, "text/csv; charset=utf-8");
    }
}
