using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using CertVerify.Web.Accounts;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Auth;

/// <summary>The link that sets a new password, valid for <see cref="AccountEmailOptions.PasswordResetMinutes"/> from the request.</summary>
public sealed class PasswordResetMail(
    CertVerifyDbContext db, AccountTokens tokens, PublicUrls urls, IOptions<AccountEmailOptions> options,
    IOptions<MailOptions> mail, TimeProvider clock) : IMailWriter
{
    public MailKind Kind => MailKind.PasswordReset;

    public async Task<MailContent?> WriteAsync(OutboxMessage message, CancellationToken ct)
    {
        var expires = message.CreatedAt.AddMinutes(options.Value.PasswordResetMinutes);
        var user = await db.Users.FindAsync([message.UserId], ct);
        if (user is not { Disabled: false } || expires <= clock.GetUtcNow())
        {
            return null;
        }

        var organisation = mail.Value.FromName;
        var link = AccountLinks.PasswordReset(urls.BaseUrl, tokens.PasswordReset(user, expires));
        return AccountMail.Write($"{organisation}: reset your password", user.Name,
            $"Someone asked to reset the password of your account. The link works once, until {expires:yyyy-MM-dd HH:mm} UTC, and signs you out everywhere.",
            "Choose a new password", link, "If it was not you, ignore this message: your password stays as it is.");
    }
}
