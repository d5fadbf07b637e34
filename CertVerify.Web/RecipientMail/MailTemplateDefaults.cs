using CertVerify.Web.Mail;

namespace CertVerify.Web.RecipientMail;

/// <summary>The wording each kind of recipient mail has until an Admin changes it (and again after a reset).</summary>
public static class MailTemplateDefaults
{
    /// <summary>The kinds of mail to a certificate's recipient, whose wording Admins edit.</summary>
    public static IReadOnlyList<MailKind> Kinds { get; } = [MailKind.CertificateIssued, MailKind.CertificateExpiring, MailKind.CertificateExpired];

    public static MailTemplateText For(MailKind kind) => kind switch
    {
        MailKind.CertificateIssued => Issued,
        MailKind.CertificateExpiring => Expiring,
        MailKind.CertificateExpired => Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of mail to a certificate's recipient."),
    };

    private static readonly MailTemplateText Issued = new(
        "{{organisationName}}: your certificate \"{{certificateTitle}}\"",
        """
        Hello {{recipientName}},

        {{organisationName}} has issued you a certificate: {{certificateTitle}}.

        Anyone can check it here: {{verificationUrl}}
        Download it as a PDF: {{pdfUrl}}
        Its code is {{code}}.

        To keep it with your other certificates and choose who sees it, claim it (this link proves the address is yours): {{claimUrl}}
        """,
        """
        <p>Hello {{recipientName}},</p>
        <p>{{organisationName}} has issued you a certificate: <strong>{{certificateTitle}}</strong>.</p>
        <p><a href="{{verificationUrl}}">Check it</a> (anyone can, with its code {{code}}) or
        <a href="{{pdfUrl}}">download it as a PDF</a>.</p>
        <p><a href="{{claimUrl}}">Claim it</a> to keep it with your other certificates and choose who sees it.</p>
        """);

    private static readonly MailTemplateText Expiring = new(
        "{{organisationName}}: your certificate \"{{certificateTitle}}\" expires on {{expiresOn}}",
        """
        Hello {{recipientName}},

        Your certificate {{certificateTitle}} from {{organisationName}} expires on {{expiresOn}}. After that date, anyone who checks it is told it has expired.

        Check it here: {{verificationUrl}}
        Its code is {{code}}.

        To renew it, contact {{organisationName}}.
        """,
        """
        <p>Hello {{recipientName}},</p>
        <p>Your certificate <strong>{{certificateTitle}}</strong> from {{organisationName}} expires on {{expiresOn}}.
        After that date, anyone who checks it is told it has expired.</p>
        <p><a href="{{verificationUrl}}">Check it</a> (its code is {{code}}).</p>
        <p>To renew it, contact {{organisationName}}.</p>
        """);

    private static readonly MailTemplateText Expired = new(
        "{{organisationName}}: your certificate \"{{certificateTitle}}\" has expired",
        """
        Hello {{recipientName}},

        Your certificate {{certificateTitle}} from {{organisationName}} expired on {{expiresOn}}. Anyone who checks it is now told it has expired.

        It stays on record here: {{verificationUrl}}
        Its code is {{code}}.

        To renew it, contact {{organisationName}}.
        """,
        """
        <p>Hello {{recipientName}},</p>
        <p>Your certificate <strong>{{certificateTitle}}</strong> from {{organisationName}} expired on {{expiresOn}}.
        Anyone who checks it is now told it has expired.</p>
        <p><a href="{{verificationUrl}}">It stays on record</a> (its code is {{code}}).</p>
        <p>To renew it, contact {{organisationName}}.</p>
        """);
}
