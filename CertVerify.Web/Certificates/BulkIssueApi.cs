using System.Security.Claims;
using System.Text.Json.Serialization;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
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
    public const int MaxRows = 50_000;
    public const long MaxBodyBytes = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapBulkIssueApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/certificates/bulk", IssueAsync)
            .WithTags("Certificates")
            .RequireAuthorization(Policies.Issuer)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithName("BulkIssueCertificates")
            .WithSummary("Issue many certificates")
            .WithDescription("Rows as a JSON array, a CSV file (the columns of `GET /api/certificates/bulk/template.csv`, " +
                "`meta.<key>` for metadata) or a form with that one CSV file; at most 50,000 rows (413). Every row is checked " +
                "first; the valid ones are issued together under one batch id, in one transaction. 201 when all were issued, " +
                "207 when some were rejected (each with its row, CSV line, field and reason), 400 when none was valid. " +
                "`?dryRun=true` checks and previews the rows without issuing anything (200).")
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

    /// <summary>One row: the single-issue fields, with the template named by id or by name.</summary>
    public sealed record BulkRow(
        string? RecipientName, string? RecipientEmail, string? Title, string? Description,
        DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Template, Dictionary<string, string>? Metadata);

    /// <summary>An invalid field of a row; <c>line</c> is where the row starts in a CSV file.</summary>
    public sealed record RowError(
        int Row, string Field, string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null);

    public sealed record IssuedRow(int Row, Guid Id, string Code, string VerifyUrl);

    /// <summary>A dry run's <c>preview</c> echoes at most this many rows as they were read.</summary>
    public const int PreviewRows = 100;

    /// <summary>A row as it was read (from JSON or CSV), echoed by a dry run so people can check the columns by eye.</summary>
    public sealed record PreviewRow(
        int Row, string? RecipientName, string? RecipientEmail, string? Title, string? Description,
        DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Template, Dictionary<string, string>? Metadata);

    public sealed record BulkResult(
        Guid? BatchId, bool DryRun, int Issued, int Rejected, IReadOnlyList<IssuedRow> Certificates, IReadOnlyList<RowError> Errors,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PreviewRow>? Preview = null);

    private static async Task<Results<Created<BulkResult>, JsonHttpResult<BulkResult>, Ok<BulkResult>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        bool? dryRun, ClaimsPrincipal caller, HttpContext context, IOptions<JsonOptions> json, CertVerifyDbContext db, AuditLog audit,
        PublicUrls urls, CertificateIssuer issuer, CancellationToken ct)
    {
        var input = await BulkInput.ReadAsync(context.Request, json.Value.SerializerOptions, ct);
        if (input.Refusal is { } refusal)
        {
            return Problems.Field(refusal.Field, refusal.Error);
        }

        var rows = input.Rows;
        if (rows.Count == 0)
        {
            return Problems.Field("body", "Send at least one row.");
        }

        if (rows.Count > MaxRows)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many rows",
                detail: $"At most {MaxRows} rows per request.");
        }

        var templates = await db.Templates.AsNoTracking().Where(t => t.Active)
            .Select(t => new { t.Id, t.NormalizedName }).ToListAsync(ct);
        var byName = templates.ToDictionary(t => t.NormalizedName, t => t.Id);
        var byId = templates.Select(t => t.Id).ToHashSet();

        var userId = caller.UserId();
        var errors = new List<RowError>();
        var accepted = new List<(int Row, Certificate Certificate)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, line, readErrors) = rows[i];
            var request = new IssueCertificateRequest(row.RecipientName!, row.RecipientEmail, row.Title!, row.Description,
                TemplateId: null, row.IssuedAt, row.ExpiresAt, row.Metadata);
            var rowErrors = readErrors.Concat(await issuer.ValidateAsync(request, ct)).ToList();
            var templateId = ResolveTemplate(row.Template, byName, byId, rowErrors);
            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Select(e => new RowError(i + 1, e.Field, e.Error, line)));
                continue;
            }

            var certificate = issuer.Draft(request with { TemplateId = templateId }, userId);
            accepted.Add((i + 1, certificate));
        }

        var rejected = errors.Select(e => e.Row).Distinct().Count();
        if (dryRun == true)
        {
            var preview = rows.Take(PreviewRows).Select((read, i) => new PreviewRow(i + 1, read.Row.RecipientName, read.Row.RecipientEmail,
                read.Row.Title, read.Row.Description, read.Row.IssuedAt, read.Row.ExpiresAt, read.Row.Template, read.Row.Metadata)).ToList();
            return TypedResults.Ok(new BulkResult(null, true, accepted.Count, rejected, [], errors, preview));
        }

        if (accepted.Count == 0)
        {
            // A refusal like any other, a problem, carrying the fields of the result: each row's errors among them.
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No valid rows",
                detail: "Every row has errors: nothing was issued.", extensions: new Dictionary<string, object?>
                {
                    ["batchId"] = null, ["dryRun"] = false, ["issued"] = 0, ["rejected"] = rejected, ["certificates"] = Array.Empty<IssuedRow>(),
                    ["errors"] = errors,
                });
        }

        var batchId = Guid.CreateVersion7();
        foreach (var (_, certificate) in accepted)
        {
            certificate.BatchId = batchId;
        }

        audit.Add(AuditActions.CertificatesBulkIssued, batchId.ToString(), new { issued = accepted.Count, rejected });
        await issuer.IssueAsync(accepted.Select(a => a.Certificate).ToList(), ct); // one transaction: all valid rows or none

        var baseUrl = urls.Base(context);
        var issued = accepted.Select(a => new IssuedRow(a.Row, a.Certificate.Id, CertificateCode.Format(a.Certificate.Code),
            PublicUrls.Verification(baseUrl, CertificateCode.Format(a.Certificate.Code)))).ToList();
        var result = new BulkResult(batchId, false, issued.Count, rejected, issued, errors);
        return rejected == 0
            ? TypedResults.Created($"/api/certificates?batchId={batchId}", result)
            : TypedResults.Json(result, statusCode: StatusCodes.Status207MultiStatus);
    }

    private static FileContentHttpResult DownloadTemplate(HttpContext context)
    {
        context.Response.Headers.ContentDisposition = "attachment; filename=\"certificates-template.csv\"";
        return TypedResults.File(BulkCsv.Template, "text/csv; charset=utf-8");
    }
    /// <summary>The row's template, named by id or by name among the active ones; an error added when there is none.</summary>
    private static Guid? ResolveTemplate(string? template, Dictionary<string, Guid> byName, HashSet<Guid> byId, List<(string Field, string Error)> errors)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        if (Guid.TryParse(template, out var id) && byId.Contains(id))
        {
            return id;
        }

        if (byName.TryGetValue(template.Trim().ToUpperInvariant(), out var named))
        {
            return named;
        }

        errors.Add(("template", $"No active template is named or has the id '{template}'."));
        return null;
    }
}
