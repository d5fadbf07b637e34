using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Mail;

/// <summary>What Admins see of the outbox and do with it: the messages by status, and sending a failed one again.</summary>
public sealed class OutboxAdministration(CertVerifyDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<OutboxSummary> SummarizeAsync(CancellationToken ct)
    {
        var counts = await db.Outbox.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var oldest = await db.Outbox.Where(m => m.Status == OutboxStatus.Pending).MinAsync(m => (DateTimeOffset?)m.NextAttemptAt, ct);
        return new OutboxSummary(counts.GetValueOrDefault(OutboxStatus.Pending), counts.GetValueOrDefault(OutboxStatus.Sent),
            counts.GetValueOrDefault(OutboxStatus.Failed), counts.GetValueOrDefault(OutboxStatus.Cancelled), oldest);
    }

    /// <summary>Newest first, of one status or all.</summary>
    public Task<PagedList<OutboxMessageView>> ListAsync(OutboxStatus? status, PageQuery page, CancellationToken ct) =>
        db.Outbox.AsNoTracking()
            .Where(m => status == null || m.Status == status)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Select(m => new OutboxMessageView(m.Id, m.Kind, m.Recipient, m.CertificateId, m.UserId, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError))
            .ToPagedListAsync(page, ct);

    /// <summary>A failed message made pending again, due now, with its attempts counted afresh (and its Message-Id kept).</summary>
    public async Task<Outcome<OutboxMessageView>> RetryAsync(Guid id, CancellationToken ct)
    {
        var message = await db.Outbox.FindAsync([id], ct);
        if (message is null)
        {
            return Refusal.NotFound("message");
        }

        if (message.Status != OutboxStatus.Failed)
        {
            return Refusal.Conflict("Only a failed message can be sent again.");
        }

        (message.Status, message.Attempts, message.NextAttemptAt) = (OutboxStatus.Pending, 0, clock.GetUtcNow());
        audit.Add(AuditActions.MailRetried, id.ToString(), new { message.Recipient, kind = message.Kind.ToString() });
        await db.SaveChangesAsync(ct);
        return OutboxMessageView.From(message);
    }
}
