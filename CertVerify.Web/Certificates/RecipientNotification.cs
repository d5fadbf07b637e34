namespace CertVerify.Web.Certificates;

/// <summary>
/// The newest issue notification of a certificate: its state, when it was queued and when it was sent, and the mail
/// server's last refusal (while it is retried, or why it failed).
/// </summary>
public sealed record RecipientNotification(NotificationState State, DateTimeOffset? QueuedAt, DateTimeOffset? SentAt, int Attempts, string? LastError)
{
    public static readonly RecipientNotification NotAsked = new(NotificationState.NotAsked, null, null, 0, null);
}
