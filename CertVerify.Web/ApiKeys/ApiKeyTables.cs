using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.ApiKeys;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class ApiKeyTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
    }
}
