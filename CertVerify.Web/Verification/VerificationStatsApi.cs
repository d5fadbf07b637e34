using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Verification;

/// <summary>Who checked a certificate, and counts for the issuer console. Staff see their own certificates only.</summary>
public static class VerificationStatsApi
{
    public static IEndpointRouteBuilder MapVerificationStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/certificates/{id:guid}/verifications", ListAsync)
            .WithTags("Certificates")
            .RequireAuthorization(Policies.Issuer)
            .WithName("ListCertificateVerifications")
            .WithSummary("Who verified a certificate")
            .WithDescription("The checks, newest first: when, the verdict, client IP, user agent, the replica that answered, and " +
                "`count`, how many times: checks alike (same verdict, client, user agent and replica) within about half a second " +
                "share an entry, dated by the first. `total` counts entries. 403 for Staff and a certificate they did not issue.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/stats", GetStatsAsync)
            .WithTags("Certificates")
            .RequireAuthorization(Policies.Issuer)
            .WithName("GetStats")
            .WithSummary("Certificate and verification counts")
            .WithDescription("Counts by status of the certificates the caller may see (Staff: their own), and their verifications " +
                "per UTC day over the last `days` (1 to 366, default 30), today included.");
        return app;
    }

    private static async Task<Results<Ok<PagedList<VerificationView>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal caller, CertVerifyDbContext db, [AsParameters] PageQuery page, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return Problems.NotFound("certificate");
        }

        if (!CertificateAccess.CanManage(caller, certificate))
        {
            return Problems.Forbidden("Staff can only see the certificates they issued.");
        }

        return TypedResults.Ok(await VerificationStats.HistoryAsync(db, id, page, ct));
    }

    /// <summary>Counts by status, and verifications per UTC day over the last <c>days</c> (1-366, default 30).</summary>
    private static async Task<Results<Ok<Stats>, ValidationProblem>> GetStatsAsync(
        ClaimsPrincipal caller, CertVerifyDbContext db, TimeProvider clock, int? days, CancellationToken ct)
    {
        if (days is < 1 or > VerificationStats.MaxDays)
        {
            return Problems.Field("days", $"Use 1 to {VerificationStats.MaxDays} days.");
        }

        return TypedResults.Ok(await VerificationStats.ComputeStatsAsync(db, caller, clock, days ?? VerificationStats.DefaultDays, ct));
    }
}
