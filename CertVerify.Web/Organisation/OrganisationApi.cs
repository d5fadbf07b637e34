using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Organisation;

public static class OrganisationApi
{
    public sealed record OrganisationView(string Name, string? Url, string? LogoUrl, string? Contact);

    public sealed record UpdateOrganisationRequest(
        [Required, StringLength(200, MinimumLength = 1)] string Name,
        [Url, StringLength(500)] string? Url,
        [Url, StringLength(500)] string? LogoUrl,
        [StringLength(300)] string? Contact);

    public static IEndpointRouteBuilder MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var organisation = app.MapGroup("/api/organisation").WithTags("Organisation");
        organisation.MapGet("/", GetAsync).AllowAnonymous()
            .WithName("GetOrganisation")
            .WithSummary("The issuing organisation")
            .WithDescription("The name, address, logo and contact every certificate and credential names as its issuer.");
        organisation.MapPut("/", UpdateAsync).RequireAuthorization(Policies.Admin)
            .WithName("UpdateOrganisation")
            .WithSummary("Change the issuing organisation")
            .WithDescription("Every verification answers with the new name at once (cached answers are dropped on every replica).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        organisation.MapGet("/logo", OrganisationLogoApi.GetAsync).AllowAnonymous()
            .WithName("GetOrganisationLogo")
            .WithSummary("The organisation's logo")
            .WithDescription("The uploaded image; with `?v=<version>` (as in the profile's `logoUrl`) cacheable for good.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "image/png", "image/jpeg", "image/webp")
            .ProducesProblem(StatusCodes.Status404NotFound);
        organisation.MapPut("/logo", OrganisationLogoApi.UploadAsync).RequireAuthorization(Policies.Admin)
            .WithName("UploadOrganisationLogo")
            .WithSummary("Upload the organisation's logo")
            .WithDescription("The image itself is the body: PNG, JPEG or WebP (not SVG), at most 512 KB; its type is read from its bytes.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        organisation.MapDelete("/logo", OrganisationLogoApi.RemoveAsync).RequireAuthorization(Policies.Admin)
            .WithName("RemoveOrganisationLogo")
            .WithSummary("Remove the organisation's logo")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The profile, or the defaults until an Admin has set it.</summary>
    public static async Task<OrganisationProfile> LoadAsync(CertVerifyDbContext db, CancellationToken ct) =>
        await db.Organisation.AsNoTracking().SingleOrDefaultAsync(ct) ?? new OrganisationProfile();

    private static async Task<Ok<OrganisationView>> GetAsync(CertVerifyDbContext db, CancellationToken ct) =>
        TypedResults.Ok(ToView(await LoadAsync(db, ct)));

    private static async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> UpdateAsync(
        UpdateOrganisationRequest request, CertVerifyDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var profile = await TrackedAsync(db, ct);
        profile.Name = request.Name.Trim();
        profile.Url = request.Url;
        profile.LogoUrl = request.LogoUrl;
        profile.Contact = request.Contact;
        audit.Add(AuditActions.OrganisationUpdated, Target, ToView(profile));
        return await SaveAsync(profile, db, clock, ct) is { } refused ? refused : TypedResults.Ok(ToView(profile));
    }

    /// <summary>The audit target of every change to the profile or its logo.</summary>
    internal const string Target = "organisation";

    /// <summary>The stored profile, tracked for a change; added with the defaults the first time.</summary>
    internal static async Task<OrganisationProfile> TrackedAsync(CertVerifyDbContext db, CancellationToken ct)
    {
        var profile = await db.Organisation.SingleOrDefaultAsync(ct);
        if (profile is null)
        {
            profile = new OrganisationProfile();
            db.Organisation.Add(profile);
        }

        return profile;
    }

    /// <summary>
    /// Saves a change to the profile (and whatever else the unit of work holds); the save tells every replica, which
    /// drop what they cached with the issuer's name. Null when saved, else the refusal.
    /// </summary>
    internal static async Task<ProblemHttpResult?> SaveAsync(
        OrganisationProfile profile, CertVerifyDbContext db, TimeProvider clock, CancellationToken ct)
    {
        profile.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two first-ever changes at once: both tried to create the single row.
            return Problems.Conflict("The organisation was changed at the same time: reload and try again.");
        }

        return null;
    }

    internal static OrganisationView ToView(OrganisationProfile profile) => new(profile.Name, profile.Url, profile.LogoUrl, profile.Contact);
}
