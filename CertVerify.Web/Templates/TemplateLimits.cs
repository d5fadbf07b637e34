
namespace CertVerify.Web.Templates;

public static class TemplateLimits
{
    public const int NameLength = 200;
    public const int DescriptionLength = 2000;
    public const int DesignBytes = 64 * 1024;

    /// <summary>The longest reminder ahead of a certificate's expiry: ten years.</summary>
    public const int MaxReminderDays = 3650;
}
