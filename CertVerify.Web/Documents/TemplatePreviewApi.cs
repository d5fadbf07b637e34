using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using CertVerify.Documents;
using CertVerify.Web.Accounts;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using CertVerify.Web.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CertVerify.Web.Documents;

/// <summary>
/// The template editor's live preview: a sample certificate drawn by the documents' own renderer with the design as it
/// is being edited, the organisation's real name on it, so what the editor shows is what documents will look like.
/// Unlike documents, which use what they can of a design, a preview refuses a design with values it would ignore and
/// names each one: that is the editor's chance to say so.
/// </summary>
public static class TemplatePreviewApi
{
    /// <summary>A design of 64 KB, a sample at its longest and JSON escapes fit well within this.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    public const string SampleRecipientName = "Alex Morgan";
    public const string SampleTitle = "Certificate of Completion";
    public const string SampleDescription = "For completing the course with distinction.";

    /// <summary>The code printed on previews (the README's example): well-formed, so it is drawn as a real one would be.</summary>
    private const string SampleCode = "7Q4MK2XD9HBTW3NPRS6F";

    private static readonly JsonElement NoDesign = JsonDocument.Parse("{}").RootElement.Clone();

    public static IEndpointRouteBuilder MapTemplatePreviewApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/templates/preview", PreviewAsync)
            .WithTags("Templates")
            .RequireAuthorization(Policies.Issuer)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithName("PreviewTemplate")
            .WithSummary("Preview a design")
            .WithDescription("A sample certificate drawn with the design as PNG (842 x 595 landscape, 595 x 842 portrait), with the " +
                "organisation's name on it. 400 names each design value that documents would ignore; 503 with Retry-After while " +
                "this replica's renders are all busy.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "image/png")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>What the sample certificate says; anything left out takes the sample values above.</summary>
    public sealed record PreviewSample(
        [StringLength(CertificateLimits.NameLength)] string? RecipientName,
        [StringLength(CertificateLimits.TitleLength)] string? Title,
        [StringLength(CertificateLimits.DescriptionLength)] string? Description);

    public sealed record PreviewRequest(JsonElement? Design, PreviewSample? Sample);

    /// <summary>
    /// The sample page as <c>image/png</c> (one pixel per point: 842 x 595 landscape, 595 x 842 portrait), not stored by
    /// anyone; 400 naming each design value it would ignore; 503 with Retry-After when the replica's renders are busy.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        PreviewRequest request, HttpContext context, CertVerifyDbContext db, CertificateDocuments documents, PublicUrls urls,
        TimeProvider clock, CancellationToken ct)
    {
        var design = request.Design ?? NoDesign;
        if (TemplateDesign.Check(design) is { } invalid)
        {
            return Problems.Field("design", invalid);
        }

        var layout = DocumentLayout.FromDesign(design, out var ignored);
        if (ignored.Count > 0)
        {
            return TypedResults.ValidationProblem(ignored.ToDictionary(i => $"design.{i.Key}", i => new[] { i.Value }));
        }

        var issuer = await db.LoadOrganisationAsync(ct);
        var code = CertificateCode.Format(SampleCode);
        var issuedAt = clock.GetUtcNow();
        var content = new DocumentContent(
            issuer.Name, NonBlank(request.Sample?.Title) ?? SampleTitle, NonBlank(request.Sample?.RecipientName) ?? SampleRecipientName,
            request.Sample?.Description ?? SampleDescription, issuedAt, issuedAt.AddYears(3), code, PublicUrls.Verification(urls.BaseUrl, code), Mark: null);
        try
        {
            var png = await documents.RenderPreviewAsync(content, layout, ct);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.File(png, "image/png");
        }
        catch (DocumentsBusyException busy)
        {
            return DocumentsApi.Busy(context, busy);
        }
    }

    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
