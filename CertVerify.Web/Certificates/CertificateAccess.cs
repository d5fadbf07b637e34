using System.Security.Claims;
using CertVerify.Web.Accounts;

namespace CertVerify.Web.Certificates;

/// <summary>Who manages which certificates: Staff those they issued, Admins all.</summary>
public static class CertificateAccess
{
    public static IQueryable<Certificate> VisibleTo(IQueryable<Certificate> certificates, ClaimsPrincipal caller)
    {
        if (caller.IsAdmin())
        {
            return certificates;
        }

        var userId = caller.UserId();
        return certificates.Where(c => c.IssuedBy == userId);
    }

    public static bool CanManage(ClaimsPrincipal caller, Certificate certificate) =>
        caller.IsAdmin() || certificate.IssuedBy == caller.UserId();
}
