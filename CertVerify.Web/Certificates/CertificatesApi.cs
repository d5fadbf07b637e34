using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>Issuing and managing certificates. Staff see and change only what they issued; Admins everything.</summary>
public static class CertificatesApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IServiceCollection AddCertificates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StatusListOptions>().Bind(configuration.GetSection(StatusListOptions.SectionName))
            .Validate(o => o.StatusListSize >= StatusListOptions.MinimumStatusListSize && o.StatusListSize % 8 == 0,
                $"Credentials:StatusListSize must be a multiple of 8 and at least {StatusListOptions.MinimumStatusListSize}.")
            .Validate(o => o.StatusListFillLimit is > 0 and <= 0.9, "Credentials:StatusListFillLimit must be above 0 and at most 0.9.")
            .ValidateOnStart();
        return services.Configure<PublicUrlOptions>(configuration.GetSection(PublicUrlOptions.SectionName))
            .AddSingleton<PublicUrls>()
            .AddSingleton<StatusListSlots>()
            .AddScoped<CertificateIssuer>()
            .AddScoped<CertificateChanges>();
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
        certificates.MapPost("/{id:guid}/revoke", (Guid id, StatusChangeRequest request, CertificateChanges changes, ClaimsPrincipal caller, HttpContext context, PublicUrls urls) =>
            changes.ChangeStatusAsync(id, CertificateStatus.Revoked, request.Reason, caller, urls.Base(context)))
            .WithName("RevokeCertificate")
            .WithSummary("Revoke a certificate")
            .WithDescription("Final: 409 when already revoked. The reason is required and shown to everyone who verifies it; " +
                "every replica answers `revoked` from the moment this returns. 403 for Staff and a certificate they did not issue.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/{id:guid}/suspend", (Guid id, StatusChangeRequest request, CertificateChanges changes, ClaimsPrincipal caller, HttpContext context, PublicUrls urls) =>
            changes.ChangeStatusAsync(id, CertificateStatus.Suspended, request.Reason, caller, urls.Base(context)))
            .WithName("SuspendCertificate")
            .WithSummary("Suspend a certificate")
            .WithDescription("Until reinstated; the reason is required and shown to everyone who verifies it. 409 when revoked.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/{id:guid}/reinstate", (Guid id, StatusChangeRequest? request, CertificateChanges changes, ClaimsPrincipal caller, HttpContext context, PublicUrls urls) =>
            changes.ChangeStatusAsync(id, CertificateStatus.Active, request?.Reason, caller, urls.Base(context)))
            .WithName("ReinstateCertificate")
            .WithSummary("Reinstate a suspended certificate")
            .WithDescription("The reason is optional; 409 when the certificate is not suspended.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        certificates.MapPost("/revoke", BulkRevokeAsync)
            .WithName("RevokeCertificates")
            .WithSummary("Revoke many certificates")
            .WithDescription("Up to 1,000 ids with one reason, in one transaction: all or, when Staff name one they did not issue " +
                "(403), none. Ids already revoked are counted, unknown ones listed.");

        return app;
    }

    /// <summary>
    /// 201 with the certificate. With an Idempotency-Key, a retry with the same body gets the same certificate
    /// back and a reuse with another body gets 409, for 24 hours, whichever replica answers.
    /// </summary>
    private static async Task<Results<Created<CertificateView>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        IssueCertificateRequest request,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        HttpContext context,
        ClaimsPrincipal caller,
        CertVerifyDbContext db,
        AuditLog audit,
        PublicUrls urls,
        CertificateIssuer issuer,
        TimeProvider clock,
        CancellationToken ct)
    {
        if (await issuer.ValidateAsync(request, ct) is { Count: > 0 } invalid)
        {
            return Problems.Fields(invalid);
        }

        if (request.TemplateId is { } templateId && !await db.Templates.AnyAsync(t => t.Id == templateId && t.Active))
        {
            return Problems.Field("templateId", "No active template has this id.");
        }

        if (idempotencyKey is { Length: 0 or > IdempotencyRecord.MaxKeyLength })
        {
            return Problems.Field(IdempotencyHeader, $"Use 1 to {IdempotencyRecord.MaxKeyLength} characters.");
        }

        var userId = caller.UserId();
        var now = clock.GetUtcNow();
        var requestHash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request));
        if (idempotencyKey is not null && await ReplayAsync(db, userId, idempotencyKey, requestHash, now) is { } replay)
        {
            return replay.Certificate is { } previous
                ? TypedResults.Created($"/api/certificates/{previous.Id}", CertificateView.From(previous, urls.Base(context)))
                : Problems.Conflict($"This {IdempotencyHeader} was used with a different request.");
        }

        var certificate = issuer.Draft(request, userId);
        if (idempotencyKey is not null)
        {
            db.IdempotencyKeys.Add(new IdempotencyRecord
            {
                UserId = userId, Key = idempotencyKey, RequestHash = requestHash, CertificateId = certificate.Id, CreatedAt = now,
            });
        }

        audit.Add(AuditActions.CertificateIssued, certificate.Id.ToString(), new { code = CertificateCode.Format(certificate.Code), certificate.Title });
        try
        {
            await issuer.IssueAsync([certificate], ct);
        }
        catch (DbUpdateException ex) when (idempotencyKey is not null && ex.IsUniqueViolation())
        {
            // A concurrent retry with the same key won the race: answer as that one did.
            db.ChangeTracker.Clear();
            var winner = await ReplayAsync(db, userId, idempotencyKey, requestHash, now);
            return winner?.Certificate is { } won
                ? TypedResults.Created($"/api/certificates/{won.Id}", CertificateView.From(won, urls.Base(context)))
                : Problems.Conflict($"This {IdempotencyHeader} was used with a different request.");
        }

        return TypedResults.Created($"/api/certificates/{certificate.Id}", CertificateView.From(certificate, urls.Base(context)));
    }

    private sealed record Replay(Certificate? Certificate);

    /// <summary>Null when the key is new (or expired); otherwise the earlier certificate, or none if the body differs.</summary>
    private static async Task<Replay?> ReplayAsync(CertVerifyDbContext db, Guid userId, string key, byte[] requestHash, DateTimeOffset now)
    {
        var cutoff = now - IdempotencyRecord.Lifetime;
        await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Key == key && r.CreatedAt < cutoff).ExecuteDeleteAsync();
        var record = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key);
        if (record is null)
        {
            return null;
        }

        return record.RequestHash.AsSpan().SequenceEqual(requestHash)
            ? new Replay(await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == record.CertificateId))
            : new Replay(null);
    }

    /// <summary>The certificates the caller may see, filtered and sorted (<see cref="CertificateSearch"/>).</summary>
    private static async Task<Results<Ok<PagedList<CertificateView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal caller, CertVerifyDbContext db, HttpContext context, PublicUrls urls, [AsParameters] PageQuery page,
        [AsParameters] CertificateSearch search, CancellationToken ct)
    {
        if (search.Check() is { } invalid)
        {
            return Problems.Field(invalid.Field, invalid.Error);
        }

        var found = await search.FindAsync(db, caller, page, ct);
        var baseUrl = urls.Base(context);
        return TypedResults.Ok(found.Select(c => CertificateView.From(c, baseUrl)));
    }

    private static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, CertVerifyDbContext db, HttpContext context, PublicUrls urls, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return Problems.NotFound("certificate");
        }

        return CanManage(caller, certificate)
            ? TypedResults.Ok(CertificateView.From(certificate, urls.Base(context)))
            : Problems.Forbidden("Staff can only see the certificates they issued.");
    }

    private static async Task<Results<Ok<BulkRevokeResult>, ValidationProblem, ProblemHttpResult>> BulkRevokeAsync(
        BulkRevokeRequest request, ClaimsPrincipal caller, CertificateChanges changes) =>
        await changes.RevokeManyAsync(request.Ids.Distinct().ToList(), request.Reason, caller);

    internal static IQueryable<Certificate> VisibleTo(IQueryable<Certificate> certificates, ClaimsPrincipal caller)
    {
        if (caller.IsAdmin())
        {
            return certificates;
        }

        var userId = caller.UserId();
        return certificates.Where(c => c.IssuedBy == userId);
    }

    internal static bool CanManage(ClaimsPrincipal caller, Certificate certificate) =>
        caller.IsAdmin() || certificate.IssuedBy == caller.UserId();
}
