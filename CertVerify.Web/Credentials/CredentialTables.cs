using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Credentials;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class CredentialTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<SigningKey> SigningKeys => db.Set<SigningKey>();
    }
}
