using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Accounts;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class AccountTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<User> Users => db.Set<User>();
    }
}
