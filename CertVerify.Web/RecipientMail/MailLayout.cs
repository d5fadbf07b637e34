using System.Net;

namespace CertVerify.Web.RecipientMail;

/// <summary>The frame around every recipient mail's HTML body: the organisation's logo (or name) above it, a plain footer below. Inline styles only: mail clients drop style sheets.</summary>
public static class MailLayout
{
    public static string Wrap(string body, string subject, MailBranding branding)
    {
        var organisation = WebUtility.HtmlEncode(branding.OrganisationName);
        var header = branding.LogoUrl is { } logo
            ? $"""<img src="{WebUtility.HtmlEncode(logo)}" alt="{organisation}" style="max-height:64px;max-width:240px;border:0">"""
            : $"""<strong style="font-size:20px">{organisation}</strong>""";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{WebUtility.HtmlEncode(subject)}</title></head>
            <body style="margin:0;padding:24px;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#1f2937;line-height:1.5">
            <div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
            <div style="margin-bottom:16px">{header}</div>
            {body}
            <p style="margin-top:24px;font-size:12px;color:#6b7280">Sent by {organisation} with CertVerify.</p>
            </div>
            </body>
            </html>
            """;
    }
}
