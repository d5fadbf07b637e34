namespace CertVerify.Web.Certificates;

/// <summary>Where a certificate's email to its recipient stands, as its issuer sees it.</summary>
public enum NotificationState
{
    /// <summary>No email was asked for: issued without notifying, or with no recipient email.</summary>
    NotAsked,

    /// <summary>In the outbox, waiting to be sent (or to be tried again after a refusal).</summary>
    Queued,

    Sent,

    /// <summary>The mail server refused it for good; an Admin can send it again, and so can the issuer.</summary>
    Failed,

    /// <summary>Not sent, and not to be: the certificate no longer needed it when its turn came.</summary>
    Cancelled,
}
