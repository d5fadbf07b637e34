using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Accounts;

public enum UserRole
{
    Recipient,
    Staff,
    Admin,
}
