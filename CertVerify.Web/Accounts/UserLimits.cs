
namespace CertVerify.Web.Accounts;

public static class UserLimits
{
    public const int EmailLength = 254;
    public const int NameLength = 200;
    public const int ProfileHandleLength = 16;
}
