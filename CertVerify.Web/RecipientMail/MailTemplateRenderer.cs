using System.Net;
using CertVerify.Web.Mail;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// A template filled in: values as they are in the plain text, HTML-encoded in the HTML body (which the layout then
/// frames), and flattened to one line in the subject (a recipient's name cannot add a header).
/// </summary>
public static class MailTemplateRenderer
{
    public static MailContent Render(MailTemplateText template, IReadOnlyDictionary<string, string> values, MailBranding branding)
    {
        var subject = MailPlaceholders.Fill(template.Subject, values, OneLine);
        var text = MailPlaceholders.Fill(template.Text, values, value => value);
        var html = MailLayout.Wrap(MailPlaceholders.Fill(template.Html, values, WebUtility.HtmlEncode), subject, branding);
        return new MailContent(subject, text, html);
    }

    private static string OneLine(string value) => string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));
}
