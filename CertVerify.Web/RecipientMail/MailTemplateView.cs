using CertVerify.Web.Mail;

namespace CertVerify.Web.RecipientMail;

/// <param name="IsDefault">No wording is stored: this is the default, and stays it when the default changes.</param>
public sealed record MailTemplateView(MailKind Kind, string Subject, string Text, string Html, bool IsDefault, DateTimeOffset? UpdatedAt)
{
    public static MailTemplateView From(MailTemplate t) => new(t.Kind, t.Subject, t.Text, t.Html, IsDefault: false, t.UpdatedAt);

    public static MailTemplateView Default(MailKind kind, MailTemplateText text) => new(kind, text.Subject, text.Text, text.Html, IsDefault: true, null);
}
