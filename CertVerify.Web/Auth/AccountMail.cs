using System.Net;
using CertVerify.Web.Mail;

namespace CertVerify.Web.Auth;

/// <summary>The shape of the mail sent to account holders: a greeting, why, one link, and what to do if it was not them.</summary>
public static class AccountMail
{
    public static MailContent Write(string subject, string name, string why, string action, string link, string ifNotYou) =>
        new(subject,
            $"Hello {name},\n\n{why}\n\n{action}: {link}\n\n{ifNotYou}\n",
            $"<p>Hello {E(name)},</p><p>{E(why)}</p><p><a href=\"{E(link)}\">{E(action)}</a></p><p>{E(ifNotYou)}</p>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
