using CertVerify.Documents;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Hybrid;

namespace CertVerify.Web.Documents;

/// <summary>The certificate as a printable document (PDF with the signed credential attached, or PNG), for anyone holding its code.</summary>
public static class DocumentsApi
{
    /// <summary>Rendered documents are far larger than verification answers; HybridCache skips anything above its limit (1 MB by default).</summary>
    private const int MaxCachedDocumentBytes = 16 * 1024 * 1024;

    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.SectionName))
            .Validate(o => o.MaxConcurrentRenders is >= 0 and <= 256, "Documents:MaxConcurrentRenders must be 0 (one per processor) to 256.")
            .Validate(o => o.QueueTimeoutSeconds is > 0 and <= 300, "Documents:QueueTimeoutSeconds must be above 0 and at most 300.")
            .Validate(o => o.CacheTtlSeconds is >= 1 and <= 7 * 24 * 3600, "Documents:CacheTtlSeconds must be 1 to 604800.")
            .Validate(o => o.PngScale is >= 0.5 and <= 4, "Documents:PngScale must be 0.5 to 4.")
            .ValidateOnStart();
        services.Configure<HybridCacheOptions>(o => o.MaximumPayloadBytes = Math.Max(o.MaximumPayloadBytes, MaxCachedDocumentBytes));
        return services.AddSingleton<FontSet>()
            .AddSingleton<CertificateRenderer>()
            .AddSingleton<CertificateDocuments>();
    }

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/certificates/{code}")
            .WithTags("Documents")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.VerifyPolicy);
        foreach (var format in Enum.GetValues<DocumentFormat>())
        {
            // GET /api/certificates/{code}/pdf and /png
            documents.MapGet($"/{format.ToString().ToLowerInvariant()}",
                (string code, HttpContext context, CertVerifyDbContext db, CertificateDocuments documents, PublicUrls urls, CancellationToken ct) =>
                    GetAsync(code, format, context, db, documents, urls, ct))
                .WithName($"GetCertificate{format}")
                .WithSummary($"The certificate as {format.ToString().ToUpperInvariant()}")
                .WithDescription(format == DocumentFormat.Pdf
                    ? "A printable PDF with the signed credential attached, shown inline. Never cached: the status can change."
                    : "The certificate as an image, shown inline. Never cached: the status can change.")
                .Produces(StatusCodes.Status200OK, typeof(Stream), format == DocumentFormat.Pdf ? "application/pdf" : "image/png")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        return app;
    }

    /// <summary>503 with Retry-After: no render slot came free in time.</summary>
    public static ProblemHttpResult Busy(HttpContext context, DocumentsBusyException busy)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString();
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy",
            detail: "Too many documents are being rendered; try again shortly.");
    }

    /// <summary>
    /// Served <c>inline</c> (the browser shows it; a page's <c>&lt;a download&gt;</c> link saves it under the file name
    /// given here) and never stored by browsers or proxies: the certificate's status can change at any time.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, DocumentFormat format, HttpContext context, CertVerifyDbContext db, CertificateDocuments documents, PublicUrls urls, CancellationToken ct)
    {
        if (!CertificateCode.TryNormalize(code, out var canonical))
        {
            return Problems.Field("code", "Not a certificate code.");
        }

        byte[]? document;
        try
        {
            document = await documents.GetAsync(db, canonical, format, urls.BaseUrl, ct);
        }
        catch (DocumentsBusyException busy)
        {
            return Busy(context, busy);
        }

        if (document is null)
        {
            return Problems.NotFound("certificate");
        }

        var (extension, contentType) = format == DocumentFormat.Pdf ? ("pdf", "application/pdf") : ("png", "image/png");
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{CertificateCode.Format(canonical)}.{extension}\"";
        return TypedResults.File(document, contentType);
    }
}
