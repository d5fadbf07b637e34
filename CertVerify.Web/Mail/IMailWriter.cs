namespace CertVerify.Web.Mail;

/// <summary>
/// Writes the messages of one <see cref="MailKind"/> when they are sent, from what the outbox row points to: the feature
/// that owns the subject registers it (so the outbox needs to know no feature). Scoped: it may use the database.
/// </summary>
public interface IMailWriter
{
    MailKind Kind { get; }

    /// <summary>The message, or null when there is nothing to send any more (what it was about is gone or needs it no more): it is cancelled.</summary>
    Task<MailContent?> WriteAsync(OutboxMessage message, CancellationToken ct);
}
