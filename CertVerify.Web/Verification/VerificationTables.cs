using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Verification;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class VerificationTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<VerificationRecord> Verifications => db.Set<VerificationRecord>();

        public DbSet<UnknownCodeCount> UnknownCodeCounts => db.Set<UnknownCodeCount>();
    }
}
