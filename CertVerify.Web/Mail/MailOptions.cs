namespace CertVerify.Web.Mail;

/// <summary>How outgoing mail is sent (section <c>Mail</c>); where it goes is <c>ConnectionStrings:mail</c> (<see cref="SmtpSettings"/>).</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary>The sender's address, also the domain of nothing else: Message-Ids use the public address's host.</summary>
    public string FromAddress { get; set; } = "no-reply@certverify.local";

    /// <summary>The sender's display name.</summary>
    public string FromName { get; set; } = "CertVerify";

    /// <summary>How often each replica's sender looks for due mail when it found none.</summary>
    public double PollIntervalSeconds { get; set; } = 1;

    /// <summary>Attempts at a message the SMTP server refuses before it is marked failed (Admins see it and can retry it).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry of a refused message; doubled each attempt (with jitter) up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public double RetryDelaySeconds { get; set; } = 30;

    public double MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>Longest wait between two attempts to reach an SMTP server that cannot be reached (messages are not charged an attempt for it).</summary>
    public double MaxReconnectDelaySeconds { get; set; } = 30;

    /// <summary>How long one SMTP command may take.</summary>
    public double SmtpTimeoutSeconds { get; set; } = 30;

    public static bool IsValid(MailOptions o) =>
        System.Net.Mail.MailAddress.TryCreate(o.FromAddress, out _)
        && o.PollIntervalSeconds is > 0 and <= 60 && o.MaxAttempts is >= 1 and <= 100
        && o.RetryDelaySeconds > 0 && o.MaxRetryDelaySeconds >= o.RetryDelaySeconds
        && o.MaxReconnectDelaySeconds > 0 && o.SmtpTimeoutSeconds > 0;
}
