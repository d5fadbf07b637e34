using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Mail;

/// <summary>
/// Writing mail to the outbox, always inside the caller's transaction: the message exists if and only if what caused it
/// was committed. The senders (<see cref="OutboxSender"/>) send it afterwards.
/// </summary>
public sealed class MailOutbox(CertVerifyDbContext db, TimeProvider clock)
{
    /// <summary>Tracks one message; it is saved with the caller's other changes.</summary>
    public OutboxMessage Add(MailKind kind, string recipient, Guid? certificateId = null, Guid? userId = null)
    {
        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            Kind = kind, Recipient = recipient, CertificateId = certificateId, UserId = userId, CreatedAt = now, NextAttemptAt = now,
        };
        db.Outbox.Add(message);
        return message;
    }

    /// <summary>
    /// One message of <paramref name="kind"/> to the recipient of each of these certificates that has an email and is
    /// to be notified, written by one statement in the caller's open transaction: ten thousand rows cost one round trip.
    /// </summary>
    public Task<int> AddForCertificatesAsync(MailKind kind, IReadOnlyCollection<Guid> certificateIds, CancellationToken ct)
    {
        if (certificateIds.Count == 0)
        {
            return Task.FromResult(0);
        }

        var ids = certificateIds.ToArray();
        var now = clock.GetUtcNow();
        var kindName = kind.ToString();
        var pending = nameof(OutboxStatus.Pending);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO mail_outbox ("Id", "Kind", "Recipient", "CertificateId", "Status", "Attempts", "CreatedAt", "NextAttemptAt")
            SELECT gen_random_uuid(), {kindName}, c."RecipientEmail", c."Id", {pending}, 0, {now}, {now}
            FROM certificates c
            WHERE c."Id" = ANY({ids}) AND c."Notify" AND c."RecipientEmail" IS NOT NULL
            """, ct);
    }
}
