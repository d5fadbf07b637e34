namespace CertVerify.Web.Mail;

/// <summary>What a message says; it is written when it is sent, from what the outbox row points to.</summary>
public enum MailKind
{
    /// <summary>To a certificate's recipient: it was issued (verification, PDF and claim links).</summary>
    CertificateIssued,

    /// <summary>To a self-registered account: the link that confirms its email.</summary>
    AccountConfirmation,

    /// <summary>To an account whose password reset was asked for: the link that sets a new one.</summary>
    PasswordReset,

    /// <summary>To a certificate's recipient: it expires soon (its template's <c>reminderDaysBeforeExpiry</c>); sent once per certificate.</summary>
    CertificateExpiring,

    /// <summary>To a certificate's recipient: it has expired; sent once per certificate.</summary>
    CertificateExpired,
}
