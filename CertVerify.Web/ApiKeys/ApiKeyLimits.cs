
namespace CertVerify.Web.ApiKeys;

public static class ApiKeyLimits
{
    public const int NameLength = 100;
}
