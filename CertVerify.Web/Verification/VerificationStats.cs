using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Verification;

/// <summary>Who checked a certificate, and counts for the issuer console, from the verification log.</summary>
public static class VerificationStats
{
    public const int MaxDays = 366;
    public const int DefaultDays = 30;

    private sealed record DayCount(DateOnly Day, int Count);

    /// <summary>Who verified one certificate, newest first. The caller has checked that it may see it.</summary>
    public static Task<PagedList<VerificationView>> HistoryAsync(CertVerifyDbContext db, Guid certificateId, PageQuery page, CancellationToken ct) =>
        db.Verifications.AsNoTracking().Where(v => v.CertificateId == certificateId)
            .OrderByDescending(v => v.Id)
            .Select(v => new VerificationView(v.At, v.Result, v.ClientIp, v.UserAgent, v.InstanceId, v.Count))
            .ToPagedListAsync(page, ct);

    /// <summary>How many times one certificate was verified. The caller has checked that it may see it.</summary>
    public static Task<int> CountAsync(CertVerifyDbContext db, Guid certificateId, CancellationToken ct) =>
        db.Verifications.Where(v => v.CertificateId == certificateId).SumAsync(v => v.Count, ct);

    /// <summary>
    /// Counts by status of the certificates <paramref name="caller"/> may see, and their verifications per UTC day over
    /// the last <paramref name="days"/> days, today included (one entry per day, zero when none).
    /// </summary>
    public static async Task<Stats> ComputeStatsAsync(CertVerifyDbContext db, ClaimsPrincipal caller, TimeProvider clock, int days, CancellationToken ct)
    {
        var certificates = CertificateAccess.VisibleTo(db.Certificates.AsNoTracking(), caller);
        var byStatus = await certificates.GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, ct);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - days);
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var everyone = caller.IsAdmin();
        var userId = caller.UserId();
        var perDay = (await db.Database.SqlQuery<DayCount>($"""
                SELECT (v."At" AT TIME ZONE 'UTC')::date AS "Day", sum(v."Count")::int AS "Count"
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
