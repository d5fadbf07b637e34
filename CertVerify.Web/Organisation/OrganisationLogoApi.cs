using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CertVerify.Web.Organisation;

/// <summary>
/// <c>GET /api/organisation/logo</c> (anyone), <c>PUT</c> with the image itself as the body and <c>DELETE</c> (Admin).
/// </summary>
public static class OrganisationLogoApi
{
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

    internal static async Task<Results<Ok<OrganisationView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, OrganisationEditor editor, PublicUrls urls, CancellationToken ct)
    {
        // One byte past the limit is enough for the editor to refuse it: never buffer more.
        var content = await ReadAtMostAsync(request.Body, OrganisationLogo.MaxBytes + 1, ct);
        return await editor.SetLogoAsync(content, urls.BaseUrl, ct).ToResult(profile => TypedResults.Ok(OrganisationView.From(profile)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(OrganisationEditor editor, CancellationToken ct) =>
        await editor.RemoveLogoAsync(ct) is { } refusal ? Problems.For(refusal) : TypedResults.NoContent();

    private static async Task<byte[]> ReadAtMostAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
