using CertVerify.Web.Auth;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// Writes one kind of mail to a certificate's recipient from its template (the Admin's wording or the default) when it
/// is sent. An expiry mail whose certificate was revoked, suspended, silenced or no longer fits since it was queued is
/// cancelled rather than sent.
/// </summary>
public sealed class RecipientMailWriter(
    MailKind kind, CertVerifyDbContext db, PublicUrls urls, AccountTokens tokens, IOptions<AccountEmailOptions> accounts, TimeProvider clock) : IMailWriter
{
    public MailKind Kind => kind;

    public async Task<MailContent?> WriteAsync(OutboxMessage message, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == message.CertificateId, ct);
        var now = clock.GetUtcNow();
        if (certificate is null || !StillWanted(certificate, now))
        {
            return null;
        }

        var branding = await MailBranding.LoadAsync(db, urls, ct);
        var claim = tokens.Claim(certificate.Id, certificate.RecipientEmail ?? message.Recipient, now.AddDays(accounts.Value.ClaimDays));
        var values = RecipientMailValues.For(certificate, branding.OrganisationName, urls.BaseUrl, claim);
        return MailTemplateRenderer.Render(await db.LoadMailTemplateAsync(kind, ct), values, branding);
    }

    private bool StillWanted(Certificate certificate, DateTimeOffset now) => kind switch
    {
        MailKind.CertificateExpiring => ExpiryMailQueue.Notifiable(certificate) && certificate.ExpiresAt > now,
        MailKind.CertificateExpired => ExpiryMailQueue.Notifiable(certificate) && certificate.ExpiresAt <= now,
        _ => true,
    };
}
