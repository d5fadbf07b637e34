using CertVerify.Web.Mail;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// The wording an Admin chose for one kind of mail to certificates' recipients. No row: the default wording
/// (<see cref="MailTemplateDefaults"/>); resetting deletes the row.
/// </summary>
public sealed class MailTemplate
{
    public MailKind Kind { get; set; }

    public required string Subject { get; set; }

    public required string Text { get; set; }

    public required string Html { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? UpdatedBy { get; set; }
}
