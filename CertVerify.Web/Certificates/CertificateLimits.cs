
namespace CertVerify.Web.Certificates;

public static class CertificateLimits
{
    public const int NameLength = 200;
    public const int TitleLength = 300;
    public const int DescriptionLength = 5000;
    public const int ReasonLength = 1000;
    public const int MetadataKeys = 50;
    public const int MetadataKeyLength = 100;
    public const int MetadataValueLength = 5000;
}
