using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;
using CertVerify.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace CertVerify.Web.Verification;

/// <summary>The QR code of a certificate's public verification link, for anyone holding the code.</summary>
public static class QrCodeApi
{
    public const int DefaultModulePixels = 10;
    public const int MaxModulePixels = 40;

    public static IEndpointRouteBuilder MapQrCodeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/certificates/{code}/qr", GetAsync)
            .WithTags("Certificates")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.VerifyPolicy)
            .WithName("GetQrCode")
            .WithSummary("The QR code of a certificate's verification link")
            .WithDescription("`format` png (default) or svg; `size` the pixels per module, 1 to 40 (default 10). 404 for an " +
                "unknown code: this is no QR service for arbitrary text.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "image/png", "image/svg+xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// <c>format</c> png (default) or svg; <c>size</c> the pixels per QR module (1-40, default 10).
    /// Unknown codes get 404, so this is no QR service for arbitrary text.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, string? format, int? size, HttpContext context, VerificationCache cache, PublicUrls urls, CancellationToken ct)
    {
        if (!CertificateCode.TryNormalize(code, out var canonical))
        {
            return Problems.Field("code", "Not a certificate code.");
        }

        format = (format ?? "png").ToLowerInvariant();
        if (format is not ("png" or "svg"))
        {
            return Problems.Field("format", "Use png or svg.");
        }

        if (size is < 1 or > MaxModulePixels)
        {
            return Problems.Field("size", $"Use 1 to {MaxModulePixels} pixels per module.");
        }

        if ((await cache.GetAsync(canonical, ct)).Certificate is null)
        {
            return Problems.NotFound("certificate");
        }

        var link = PublicUrls.Verification(urls.BaseUrl, CertificateCode.Format(canonical));
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var pixels = size ?? DefaultModulePixels;
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return format == "svg"
            ? TypedResults.Content(new SvgQRCode(data).GetGraphic(pixels), "image/svg+xml")
            : TypedResults.File(new PngByteQRCode(data).GetGraphic(pixels), "image/png");
    }
}
