using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>
/// The caller's own certificates: those issued to their account's email (regardless of case), whatever their role.
/// The recipient, and only the recipient, decides whether each is public. Private (the default): verifiable by anyone
/// holding its code or link, listed nowhere, its verification page marked <c>noindex</c>. Public: also listed on the
/// recipient's profile (<c>/u/{handle}</c>), its verification page indexable, with the description and link previews.
/// Either way a verification shows no email.
/// </summary>
public static class MyCertificatesApi
{
    public static IEndpointRouteBuilder MapMyCertificatesApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/me/certificates")
            .WithTags("Certificates")
            .RequireAuthorization(Policies.SignedIn);

        mine.MapGet("/", ListAsync)
            .WithName("ListMyCertificates")
            .WithSummary("My certificates")
            .WithDescription("The certificates issued to the caller's email, newest first, whatever the caller's role.");
        mine.MapPatch("/{id:guid}", SetVisibilityAsync)
            .WithName("SetCertificateVisibility")
            .WithSummary("Make one of my certificates public or private")
            .WithDescription("`{\"isPublic\": true}` lists it on the recipient's profile (`/u/{handle}`) and lets search engines " +
                "index its verification page; private (the default) it is verifiable by its code only. 404 for a certificate " +
                "that is not the caller's, Admins included: the recipient decides.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public sealed record VisibilityRequest([Required] bool? IsPublic);

    private static async Task<Ok<PagedList<CertificateView>>> ListAsync(
        ClaimsPrincipal caller, CertVerifyDbContext db, HttpContext context, PublicUrls urls, [AsParameters] PageQuery page, CancellationToken ct)
    {
        var mine = await NewestFirstAsync(IssuedTo(db.Certificates.AsNoTracking(), caller), page, ct);
        var baseUrl = urls.Base(context);
        return TypedResults.Ok(mine.Select(c => CertificateView.From(c, baseUrl)));
    }

    /// <summary>
    /// <c>{isPublic}</c>; audited when it changes. A certificate that is not the caller's answers 404 whether or not it
    /// exists, so that ids cannot be probed (Admins included: the recipient decides). Making one public gives the
    /// caller a profile address if they have none yet.
    /// </summary>
    private static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> SetVisibilityAsync(
        Guid id, VisibilityRequest request, ClaimsPrincipal caller, CertVerifyDbContext db, AuditLog audit,
        HttpContext context, PublicUrls urls, CancellationToken ct)
    {
        var certificate = await IssuedTo(db.Certificates, caller).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return Problems.NotFound("certificate");
        }

        var isPublic = request.IsPublic!.Value;
        if (certificate.IsPublic != isPublic)
        {
            // UpdatedAt stays: it versions the rendered documents, and they do not show the visibility.
            certificate.IsPublic = isPublic;
            audit.Add(AuditActions.CertificateVisibilityChanged, certificate.Id.ToString(), new { code = CertificateCode.Format(certificate.Code), isPublic });
            if (isPublic)
            {
                var userId = caller.UserId();
                var handle = User.NewProfileHandle();
                await db.Users.Where(u => u.Id == userId && u.ProfileHandle == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.ProfileHandle, handle), ct);
            }

            // The public verification page shows more than the private one: the save tells every replica.
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(CertificateView.From(certificate, urls.Base(context)));
    }

    /// <summary>The certificates issued to the signed-in caller's account email.</summary>
    internal static IQueryable<Certificate> IssuedTo(IQueryable<Certificate> certificates, ClaimsPrincipal caller) =>
        IssuedTo(certificates, User.Normalize(caller.FindFirstValue(ClaimTypes.Email)!));

    /// <summary>The certificates issued to an email, given normalized (<see cref="User.Normalize"/>).</summary>
    internal static IQueryable<Certificate> IssuedTo(IQueryable<Certificate> certificates, string normalizedEmail) =>
        certificates.Where(c => c.NormalizedRecipientEmail == normalizedEmail);

    /// <summary>One page, newest first: the order of <c>GET /api/me/certificates</c>, <c>/me</c> and profiles.</summary>
    internal static Task<PagedList<Certificate>> NewestFirstAsync(IQueryable<Certificate> certificates, PageQuery page, CancellationToken ct) =>
        certificates.OrderByDescending(c => c.IssuedAt).ThenByDescending(c => c.Id).ToPagedListAsync(page, ct);
}
