
namespace CertVerify.Web.Templates;

public static class TemplateLimits
{
    public const int NameLength = 200;
    public const int DescriptionLength = 2000;
    public const int DesignBytes = 64 * 1024;
}
