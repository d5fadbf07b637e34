
namespace CertVerify.Web.Accounts;

public enum UserRole
{
    Recipient,
    Staff,
    Admin,
}
