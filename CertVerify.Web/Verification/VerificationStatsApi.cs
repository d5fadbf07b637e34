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
    public const int MaxDays = 366;
    public const int DefaultDays = 30;

    public static IEndpointRouteBuilder MapVerificationStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/certificates/{id:guid}/verifications", ListAsync)
            .WithTags("Certificates")
            .RequireAuthorization(Policies.Issuer)
            .WithName("ListCertificateVerifications")
            .WithSummary("Who verified a certificate")
            .WithDescription("Each check, newest first: when, the verdict, client IP, user agent and the replica that answered. " +
                "403 for Staff and a certificate they did not issue.")
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

    public sealed record VerificationView(DateTimeOffset At, VerificationStatus Result, string? ClientIp, string? UserAgent, string InstanceId);

    public sealed record DailyCount(DateOnly Date, int Count);

    private sealed record DayCount(DateOnly Day, int Count);

    public sealed record Stats(int Issued, int Active, int Suspended, int Revoked, int Verifications, IReadOnlyList<DailyCount> VerificationsPerDay);

    private static async Task<Results<Ok<PagedList<VerificationView>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal caller, CertVerifyDbContext db, [AsParameters] PageQuery page, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return Problems.NotFound("certificate");
        }

        if (!CertificatesApi.CanManage(caller, certificate))
        {
            return Problems.Forbidden("Staff can only see the certificates they issued.");
        }

        return TypedResults.Ok(await HistoryAsync(db, id, page, ct));
    }

    /// <summary>Who verified one certificate, newest first. The caller has checked that it may see it.</summary>
    internal static Task<PagedList<VerificationView>> HistoryAsync(CertVerifyDbContext db, Guid certificateId, PageQuery page, CancellationToken ct) =>
        db.Verifications.AsNoTracking().Where(v => v.CertificateId == certificateId)
            .OrderByDescending(v => v.Id)
            .Select(v => new VerificationView(v.At, v.Result, v.ClientIp, v.UserAgent, v.InstanceId))
            .ToPagedListAsync(page, ct);

    /// <summary>Counts by status, and verifications per UTC day over the last <c>days</c> (1-366, default 30).</summary>
    private static async Task<Results<Ok<Stats>, ValidationProblem>> GetStatsAsync(
        ClaimsPrincipal caller, CertVerifyDbContext db, TimeProvider clock, int? days, CancellationToken ct)
    {
        if (days is < 1 or > MaxDays)
        {
            return Problems.Field("days", $"Use 1 to {MaxDays} days.");
        }

        return TypedResults.Ok(await ComputeStatsAsync(db, caller, clock, days ?? DefaultDays, ct));
    }

    /// <summary>
    /// Counts by status of the certificates <paramref name="caller"/> may see, and their verifications per UTC day over
    /// the last <paramref name="days"/> days, today included (one entry per day, zero when none).
    /// </summary>
    internal static async Task<Stats> ComputeStatsAsync(CertVerifyDbContext db, ClaimsPrincipal caller, TimeProvider clock, int days, CancellationToken ct)
    {
        var certificates = CertificatesApi.VisibleTo(db.Certificates.AsNoTracking(), caller);
        var byStatus = await certificates.GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, ct);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - days);
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var everyone = caller.IsAdmin();
        var userId = caller.UserId();
        var perDay = (await db.Database.SqlQuery<DayCount>($"""
                SELECT (v."At" AT TIME ZONE 'UTC')::date AS "Day", count(*)::int AS "Count"
                FROM verifications v JOIN certificates c ON c."Id" = v."CertificateId"
                WHERE v."At" >= {since} AND ({everyone} OR c."IssuedBy" = {userId})
                GROUP BY 1
                """).ToListAsync(ct))
            .ToDictionary(d => d.Day, d => d.Count);

        var series = Enumerable.Range(0, today.DayNumber - first.DayNumber + 1)
            .Select(offset => first.AddDays(offset))
            .Select(day => new DailyCount(day, perDay.GetValueOrDefault(day)))
            .ToList();
        return new Stats(
            byStatus.Values.Sum(),
            byStatus.GetValueOrDefault(CertificateStatus.Active),
            byStatus.GetValueOrDefault(CertificateStatus.Suspended),
            byStatus.GetValueOrDefault(CertificateStatus.Revoked),
            series.Sum(d => d.Count),
            series);
    }
}
