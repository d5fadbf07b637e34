namespace CertVerify.Web.Mail;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (again) at its next attempt time.</summary>
    Pending,

    Sent,

    /// <summary>Refused by the SMTP server too often, or refused for good: shown to Admins, who can send it again.</summary>
    Failed,

    /// <summary>Not sent, and not to be: what it was about is gone or no longer needs it (e.g. an address confirmed meanwhile).</summary>
    Cancelled,
}
