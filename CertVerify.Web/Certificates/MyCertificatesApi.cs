using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CertVerify.Web.Accounts;
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
        ClaimsPrincipal caller, CertVerifyDbContext db, PublicUrls urls, [AsParameters] PageQuery page, CancellationToken ct)
    {
        var mine = await RecipientCertificates.NewestFirstAsync(RecipientCertificates.IssuedTo(db, db.Certificates.AsNoTracking(), caller), page, ct);
        var baseUrl = urls.BaseUrl;
        return TypedResults.Ok(mine.Select(c => CertificateView.From(c, baseUrl)));
    }

    private static Task<Results<Ok<CertificateView>, ValidationProblem, ProblemHttpResult>> SetVisibilityAsync(
        Guid id, VisibilityRequest request, ClaimsPrincipal caller, RecipientCertificates mine, PublicUrls urls,
        CancellationToken ct) =>
        mine.SetVisibilityAsync(id, request.IsPublic!.Value, caller, ct)
            .ToResult(certificate => TypedResults.Ok(CertificateView.From(certificate, urls.BaseUrl)));
}
