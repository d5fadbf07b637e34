using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class CertificateTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<Certificate> Certificates => db.Set<Certificate>();

        public DbSet<IdempotencyRecord> IdempotencyKeys => db.Set<IdempotencyRecord>();
    }
}
