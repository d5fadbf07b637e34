using CertVerify.Web.Mail;
using CertVerify.Web.RecipientMail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Admin;

/// <summary>
/// The wording of recipients' mail, one kind at a time: saved with <c>PUT /api/mail/templates/{kind}</c>, reset with
/// <c>DELETE</c>, previewed with <c>POST .../preview</c> (<c>wwwroot/js/mail-templates.js</c>).
/// </summary>
public sealed class MailTemplatesModel(MailTemplateEditor editor) : PageModel
{
    public IReadOnlyList<MailTemplateView> Templates { get; private set; } = [];

    public MailTemplateView Current { get; private set; } = null!;

    public string? Notice { get; private set; }

    public static IReadOnlyDictionary<string, string> Placeholders => MailPlaceholders.Descriptions;

    public async Task<IActionResult> OnGetAsync(string? kind, string? saved, CancellationToken ct)
    {
        var chosen = kind is null ? MailKind.CertificateIssued : MailTemplateEditor.Parse(kind);
        if (chosen is null)
        {
            return NotFound();
        }

        Templates = await editor.ListAsync(ct);
        Current = Templates.Single(t => t.Kind == chosen);
        Notice = saved switch
        {
            "saved" => "Saved. Mail written from now on uses it, including mail waiting in the outbox.",
            "reset" => "Back to the default wording.",
            _ => null,
        };
        return Page();
    }

    public static string Label(MailKind kind) => kind switch
    {
        MailKind.CertificateIssued => "Certificate issued",
        MailKind.CertificateExpiring => "Expiry reminder",
        MailKind.CertificateExpired => "Expired notice",
        _ => kind.ToString(),
    };

    public static string When(MailKind kind) => kind switch
    {
        MailKind.CertificateIssued => "Sent when a certificate is issued (unless the issuer chose not to notify) and when an issuer notifies again.",
        MailKind.CertificateExpiring => "Sent once, the number of days before expiry set on the certificate's template (Console › Templates).",
        MailKind.CertificateExpired => "Sent once, when a certificate has expired.",
        _ => "",
    };
}
