using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>Issuing and managing certificates. Staff see and change only what they issued; Admins everything.</summary>
public static class CertificatesApi
{
    public static IServiceCollection AddCertificates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StatusListOptions>().Bind(configuration.GetSection(StatusListOptions.SectionName))
            .Validate(o => o.StatusListSize >= StatusListOptions.MinimumStatusListSize && o.StatusListSize % 8 == 0,
                $"Credentials:StatusListSize must be a multiple of 8 and at least {StatusListOptions.MinimumStatusListSize}.")
            .Validate(o => o.StatusListFillLimit is > 0 and <= 0.9, "Credentials:StatusListFillLimit must be above 0 and at most 0.9.")
            .ValidateOnStart();
        return services.AddSingleton<StatusListSlots>()
            .AddScoped<CertificateIssuer>()
            .AddScoped<IdempotencyKeys>()
            .AddScoped<RecipientCertificates>()
            .AddScoped<BulkIssuer>()
            .AddScoped<CertificateChanges>()
            .AddScoped<RecipientNotifications>();
    }

    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder app)
    {
        var certificates = app.MapGroup("/api/certificates")
            .WithTags("Certificates")
            .RequireAuthorization(Policies.Issuer);

        // Validated by the issuer, with the same rules as each row of a bulk issue.
        certificates.MapPost("/", IssueAsync).DisableValidation()
            .WithName("IssueCertificate")
            .WithSummary("Issue a certificate")
            .WithDescription("201 with the certificate, its code and its public links. With an `Idempotency-Key` header a retry " +
                "of the same request gets the same certificate back, and the same key with another body gets 409, for 24 hours, " +
                "whichever replica answers.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapGet("/", ListAsync)
            .WithName("ListCertificates")
            .WithSummary("List certificates")
            .WithDescription("Staff see the certificates they issued, Admins all. `search` covers name, email, title and code; " +
                "`status`, `templateId`, `batchId` and `issuedFrom`/`issuedTo` filter; `sort` is issuedAt, recipientName, title " +
                "or status, with a leading `-` for descending (default `-issuedAt`).");
        certificates.MapGet("/{id:guid}", GetAsync)
            .WithName("GetCertificate")
            .WithSummary("Get a certificate")
            .WithDescription("403 for Staff asking for a certificate they did not issue.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        certificates.MapPost("/{id:guid}/revoke", (Guid id, StatusChangeRequest request, CertificateChanges changes, ClaimsPrincipal caller, PublicUrls urls) =>
            changes.ChangeStatusAsync(id, CertificateStatus.Revoked, request.Reason, caller).ToResult(c => TypedResults.Ok(CertificateView.From(c, urls.BaseUrl))))
            .WithName("RevokeCertificate")
            .WithSummary("Revoke a certificate")
            .WithDescription("Final: 409 when already revoked. The reason is required and shown to everyone who verifies it; " +
                "every replica answers `revoked` from the moment this returns. 403 for Staff and a certificate they did not issue.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/{id:guid}/suspend", (Guid id, StatusChangeRequest request, CertificateChanges changes, ClaimsPrincipal caller, PublicUrls urls) =>
            changes.ChangeStatusAsync(id, CertificateStatus.Suspended, request.Reason, caller).ToResult(c => TypedResults.Ok(CertificateView.From(c, urls.BaseUrl))))
            .WithName("SuspendCertificate")
            .WithSummary("Suspend a certificate")
            .WithDescription("Until reinstated; the reason is required and shown to everyone who verifies it. 409 when revoked.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/{id:guid}/reinstate", (Guid id, StatusChangeRequest? request, CertificateChanges changes, ClaimsPrincipal caller, PublicUrls urls) =>
            changes.ChangeStatusAsync(id, CertificateStatus.Active, request?.Reason, caller).ToResult(c => TypedResults.Ok(CertificateView.From(c, urls.BaseUrl))))
            .WithName("ReinstateCertificate")
            .WithSummary("Reinstate a suspended certificate")
            .WithDescription("The reason is optional; 409 when the certificate is not suspended, 403 for Staff when an Admin suspended it " +
                "(only an Admin lifts an Admin's suspension).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/{id:guid}/notify", async (Guid id, CertificateChanges changes, ClaimsPrincipal caller, CancellationToken ct) =>
                (await changes.NotifyAgainAsync(id, caller, ct)).ToResult())
            .WithName("NotifyRecipient")
            .WithSummary("Email the recipient again")
            .WithDescription("The issue notification (verification and PDF links) mailed again from the outbox, also for a " +
                "certificate issued with `notify: false` (which then notifies like any other). 400 when it has no recipient email, " +
                "409 when it is revoked; 403 for Staff and a certificate they did not issue.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/revoke", BulkRevokeAsync)
            .WithName("RevokeCertificates")
            .WithSummary("Revoke many certificates")
            .WithDescription("Up to 1,000 ids with one reason, in one transaction: all or, when Staff name one they did not issue " +
                "(403), none. Ids already revoked are counted, unknown ones listed.");

        return app;
    }

    private static Task<Results<Created<CertificateView>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        IssueCertificateRequest request, [FromHeader(Name = IdempotencyRecord.Header)] string? idempotencyKey, ClaimsPrincipal caller,
        CertificateIssuer issuer, PublicUrls urls, CancellationToken ct) =>
        issuer.IssueOneAsync(request, idempotencyKey, caller.UserId(), ct)
            .ToResult(certificate => TypedResults.Created($"/api/certificates/{certificate.Id}", CertificateView.From(certificate, urls.BaseUrl)));

    /// <summary>The certificates the caller may see, filtered and sorted (<see cref="CertificateSearch"/>).</summary>
    private static async Task<Results<Ok<PagedList<CertificateView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal caller, CertVerifyDbContext db, PublicUrls urls, [AsParameters] PageQuery page,
        [AsParameters] CertificateSearch search, CancellationToken ct)
    {
        if (search.Check() is { } invalid)
        {
            return Problems.Field(invalid.Field, invalid.Error);
        }

        var found = await search.FindAsync(db, caller, page, ct);
        var baseUrl = urls.BaseUrl;
        return TypedResults.Ok(found.Select(c => CertificateView.From(c, baseUrl)));
    }

    private static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, CertVerifyDbContext db, PublicUrls urls, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return Problems.NotFound("certificate");
        }

        return CertificateAccess.CanManage(caller, certificate)
            ? TypedResults.Ok(CertificateView.From(certificate, urls.BaseUrl))
            : Problems.Forbidden("Staff can only see the certificates they issued.");
    }

    private static async Task<Results<Ok<BulkRevokeResult>, ValidationProblem, ProblemHttpResult>> BulkRevokeAsync(
        BulkRevokeRequest request, ClaimsPrincipal caller, CertificateChanges changes) =>
        await changes.RevokeManyAsync(request.Ids.Distinct().ToList(), request.Reason, caller).ToResult(TypedResults.Ok);
}
