using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>
/// The email that tells a recipient about their certificate: whether it may be sent (again), and where the newest one
/// stands in the outbox. The API's resend and the console's certificate page ask the same rule.
/// </summary>
public sealed class RecipientNotifications(CertVerifyDbContext db)
{
    /// <summary>Why the recipient cannot be emailed about this certificate, or null when they can.</summary>
    public static Refusal? RefusalToNotify(Certificate certificate) => certificate switch
    {
        { RecipientEmail: null } => Refusal.Invalid("recipientEmail", "The certificate has no recipient email to write to."),
        { Status: CertificateStatus.Revoked } => Refusal.Conflict("The certificate is revoked: its recipient is not emailed about it."),
        _ => null,
    };

    public async Task<RecipientNotification> LatestAsync(Guid certificateId, CancellationToken ct)
    {
        var latest = await db.Outbox.AsNoTracking()
            .Where(m => m.CertificateId == certificateId && m.Kind == MailKind.CertificateIssued)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .FirstOrDefaultAsync(ct);
        return latest is null
            ? RecipientNotification.NotAsked
            : new RecipientNotification(StateOf(latest.Status), latest.CreatedAt, latest.SentAt, latest.Attempts, latest.LastError);
    }

    private static NotificationState StateOf(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => NotificationState.Queued,
        OutboxStatus.Sent => NotificationState.Sent,
        OutboxStatus.Failed => NotificationState.Failed,
        _ => NotificationState.Cancelled,
    };
}
