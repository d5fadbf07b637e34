
namespace CertVerify.Web.Credentials;

public enum StatusPurpose
{
    Revocation,
    Suspension,
}
