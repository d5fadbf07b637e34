using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CertVerify.Web.Organisation;

/// <summary>
/// <c>GET /api/organisation/logo</c> (anyone), <c>PUT</c> with the image itself as the body and <c>DELETE</c> (Admin).
/// Uploading points the profile's <c>logoUrl</c> at the logo, with its version in the address so it can be cached for good.
/// </summary>
public static class OrganisationLogoApi
{
    public const string Path = "/api/organisation/logo";

    /// <summary>Whether the profile's logo address is the uploaded logo (on whatever host it was uploaded through).</summary>
    public static bool IsUploadedLogo(string? logoUrl) =>
        Uri.TryCreate(logoUrl, UriKind.Absolute, out var uri) && uri.AbsolutePath == Path;

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        HttpContext context, CertVerifyDbContext db, string? v, CancellationToken ct)
    {
        var logo = await db.OrganisationLogos.AsNoTracking().SingleOrDefaultAsync(ct);
        if (logo is null)
        {
            return Problems.NotFound("logo");
        }

        // The versioned address never changes content; the bare one is rechecked every few minutes.
        context.Response.Headers.CacheControl = v == logo.Version ? "public, max-age=31536000, immutable" : "public, max-age=300";
        return TypedResults.File(logo.Content, logo.ContentType, entityTag: new EntityTagHeaderValue($"\"{logo.Version}\""),
            lastModified: logo.UpdatedAt);
    }

    /// <summary>The body is the image (PNG, JPEG or WebP, at most 512 KB); its type is read from its bytes.</summary>
    internal static async Task<Results<Ok<OrganisationApi.OrganisationView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, CertVerifyDbContext db, AuditLog audit, PublicUrls urls, TimeProvider clock,
        CancellationToken ct)
    {
        var content = request.ContentLength > OrganisationLogo.MaxBytes ? null : await ReadAtMostAsync(request.Body, OrganisationLogo.MaxBytes, ct);
        if (content is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Logo too large",
                detail: $"The logo may be at most {OrganisationLogo.MaxBytes / 1024} KB.");
        }

        if (content.Length == 0)
        {
            return Problems.Field("logo", "Send the image as the request body: it was empty.");
        }

        if (OrganisationLogo.SniffContentType(content) is not { } contentType)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported image type",
                detail: "The logo must be a PNG, JPEG or WebP image (not SVG, which can carry scripts).");
        }

        var logo = await db.OrganisationLogos.SingleOrDefaultAsync(ct);
        if (logo is null)
        {
            logo = new OrganisationLogo { Content = content, ContentType = contentType, Version = "" };
            db.OrganisationLogos.Add(logo);
        }

        (logo.Content, logo.ContentType, logo.Version, logo.UpdatedAt) = (content, contentType, OrganisationLogo.VersionOf(content), clock.GetUtcNow());
        var profile = await OrganisationApi.TrackedAsync(db, ct);
        profile.LogoUrl = $"{urls.Base(request.HttpContext)}{Path}?v={logo.Version}";
        audit.Add(AuditActions.OrganisationLogoUpdated, OrganisationApi.Target,
            new { contentType, bytes = content.Length, version = logo.Version, profile.LogoUrl });
        return await OrganisationApi.SaveAsync(profile, db, clock, ct) is { } refused
            ? refused
            : TypedResults.Ok(OrganisationApi.ToView(profile));
    }

    /// <summary>Removes the logo; the profile stops pointing at it (a logo address elsewhere is left alone).</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        CertVerifyDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (await db.OrganisationLogos.SingleOrDefaultAsync(ct) is not { } logo)
        {
            return TypedResults.NoContent();
        }

        db.OrganisationLogos.Remove(logo);
        var profile = await OrganisationApi.TrackedAsync(db, ct);
        if (IsUploadedLogo(profile.LogoUrl))
        {
            profile.LogoUrl = null;
        }

        audit.Add(AuditActions.OrganisationLogoRemoved, OrganisationApi.Target, new { version = logo.Version });
        return await OrganisationApi.SaveAsync(profile, db, clock, ct) is { } refused ? refused : TypedResults.NoContent();
    }

    /// <summary>The whole body, or null as soon as it is longer than <paramref name="limit"/> (never buffering more).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
