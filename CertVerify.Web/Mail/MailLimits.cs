namespace CertVerify.Web.Mail;

public static class MailLimits
{
    public const int ErrorLength = 1000;
}
