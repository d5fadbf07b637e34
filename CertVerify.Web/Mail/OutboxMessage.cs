namespace CertVerify.Web.Mail;

/// <summary>
/// One message to send, written in the transaction of what caused it and sent afterwards by whichever replica locks it
/// first. Its id is the message's Message-Id, the same on every attempt: a resend after an attempt that in fact got
/// through is the same message to the receiving side, not a second one.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public MailKind Kind { get; set; }

    public required string Recipient { get; set; }

    /// <summary>The certificate the message is about, for the kinds about one.</summary>
    public Guid? CertificateId { get; set; }

    /// <summary>The account the message is about, for the kinds about one.</summary>
    public Guid? UserId { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;

    /// <summary>Attempts the SMTP server refused (an unreachable server costs none).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}
