using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Audit;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class AuditTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<AuditEntry> AuditLog => db.Set<AuditEntry>();
    }
}
