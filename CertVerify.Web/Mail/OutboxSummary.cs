namespace CertVerify.Web.Mail;

/// <summary>How many messages are waiting, sent, failed and cancelled, and since when the oldest waiting one has been due.</summary>
public sealed record OutboxSummary(int Pending, int Sent, int Failed, int Cancelled, DateTimeOffset? OldestPendingSince);
