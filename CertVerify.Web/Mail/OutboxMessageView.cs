namespace CertVerify.Web.Mail;

public sealed record OutboxMessageView(
    Guid Id, MailKind Kind, string Recipient, Guid? CertificateId, Guid? UserId, OutboxStatus Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError)
{
    public static OutboxMessageView From(OutboxMessage m) =>
        new(m.Id, m.Kind, m.Recipient, m.CertificateId, m.UserId, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError);
}
