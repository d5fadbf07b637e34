using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// One pass of the expiry mail scheduler: writes an outbox message for every certificate due a reminder (its template's
/// <c>ReminderDaysBeforeExpiry</c> before it expires, if it was issued before that day) or an expiry notice (expired
/// within <see cref="ExpiryMailOptions.LateNoticeDays"/>). Only active certificates whose issuer chose to notify and that
/// have a recipient email. Each certificate gets each of these kinds once, whatever runs this at the same time: the
/// outbox's unique index on (certificate, kind) for these kinds decides, and <c>ON CONFLICT DO NOTHING</c> skips what
/// another pass (or an earlier one) already wrote. No lock to expire, no clock to agree on.
/// </summary>
public sealed class ExpiryMailQueue(CertVerifyDbContext db, IOptions<ExpiryMailOptions> options, TimeProvider clock)
{
    /// <summary>Whether a certificate's recipient is to hear about its expiry at all.</summary>
    public static bool Notifiable(Certificate certificate) =>
        certificate is { Status: CertificateStatus.Active, Notify: true, RecipientEmail: not null, ExpiresAt: not null };

    /// <summary>Writes the due messages; returns how many reminders and notices this pass wrote.</summary>
    public async Task<(int Reminders, int Notices)> QueueDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reminders = await db.Database.ExecuteSqlRawAsync(RemindersSql, Parameters(MailKind.CertificateExpiring, now), ct);
        var notices = await db.Database.ExecuteSqlRawAsync(NoticesSql,
            [.. Parameters(MailKind.CertificateExpired, now), new NpgsqlParameter("late", TimeSpan.FromDays(options.Value.LateNoticeDays))], ct);
        return (reminders, notices);
    }

    /// <summary><see cref="Notifiable(Certificate)"/> in SQL.</summary>
    private static readonly string NotifiableSql =
        $"""c."Status" = '{nameof(CertificateStatus.Active)}' AND c."Notify" AND c."RecipientEmail" IS NOT NULL""";

    private const string InsertSql = """
        INSERT INTO mail_outbox ("Id", "Kind", "Recipient", "CertificateId", "Status", "Attempts", "CreatedAt", "NextAttemptAt")
        SELECT gen_random_uuid(), @kind, c."RecipientEmail", c."Id", @pending, 0, @now, @now
        """;

    private const string OncePerCertificateSql =
        "ON CONFLICT (\"CertificateId\", \"Kind\") WHERE " + OutboxMessageConfiguration.OncePerCertificateFilter + " DO NOTHING";

    private static readonly string RemindersSql = $"""
        {InsertSql}
        FROM certificates c JOIN templates t ON t."Id" = c."TemplateId"
        WHERE t."ReminderDaysBeforeExpiry" > 0 AND {NotifiableSql}
          AND c."ExpiresAt" > @now AND c."ExpiresAt" <= @now + make_interval(days => t."ReminderDaysBeforeExpiry")
          AND c."IssuedAt" < c."ExpiresAt" - make_interval(days => t."ReminderDaysBeforeExpiry")
        {OncePerCertificateSql}
        """;

    private static readonly string NoticesSql = $"""
        {InsertSql}
        FROM certificates c
        WHERE {NotifiableSql} AND c."ExpiresAt" <= @now AND c."ExpiresAt" > @now - @late
        {OncePerCertificateSql}
        """;

    private static NpgsqlParameter[] Parameters(MailKind kind, DateTimeOffset now) =>
        [new("kind", kind.ToString()), new("pending", nameof(OutboxStatus.Pending)), new("now", now)];
}
