using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.Extensions.Options;
using CertVerify.Web.Accounts;

namespace CertVerify.Web.Auth;

/// <summary>The link that confirms a self-registered account's email, valid until the account's deadline.</summary>
public sealed class AccountConfirmationMail(CertVerifyDbContext db, AccountTokens tokens, PublicUrls urls, IOptions<MailOptions> mail, TimeProvider clock) : IMailWriter
{
    public MailKind Kind => MailKind.AccountConfirmation;

    public async Task<MailContent?> WriteAsync(OutboxMessage message, CancellationToken ct)
    {
        var user = await db.Users.FindAsync([message.UserId], ct);
        if (user is not { EmailConfirmedAt: null, ConfirmBy: { } deadline } || deadline <= clock.GetUtcNow())
        {
            return null;
        }

        var organisation = mail.Value.FromName;
        var link = AccountLinks.Confirmation(urls.BaseUrl, tokens.Confirmation(user, deadline));
        return AccountMail.Write($"{organisation}: confirm your email", user.Name,
            $"Confirm that this address is yours to see the certificates issued to it. The link works until {deadline:yyyy-MM-dd HH:mm} UTC.",
            "Confirm my email", link, "If you did not register, ignore this message: the account expires unconfirmed.");
    }
}
