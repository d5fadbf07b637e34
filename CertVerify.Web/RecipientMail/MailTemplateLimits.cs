namespace CertVerify.Web.RecipientMail;

public static class MailTemplateLimits
{
    public const int SubjectLength = 200;
    public const int TextLength = 10_000;
    public const int HtmlLength = 20_000;
}
