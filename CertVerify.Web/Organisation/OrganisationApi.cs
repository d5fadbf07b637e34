using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertVerify.Web.Organisation;

public static class OrganisationApi
{
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

    private static async Task<Ok<OrganisationView>> GetAsync(CertVerifyDbContext db, CancellationToken ct) =>
        TypedResults.Ok(OrganisationView.From(await db.LoadOrganisationAsync(ct)));

    private static Task<Results<Ok<OrganisationView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        UpdateOrganisationRequest request, OrganisationEditor editor, CancellationToken ct) =>
        editor.UpdateAsync(request, ct).ToResult(profile => TypedResults.Ok(OrganisationView.From(profile)));

    public static IServiceCollection AddOrganisation(this IServiceCollection services) => services.AddScoped<OrganisationEditor>();
}
