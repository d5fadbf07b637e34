using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Templates;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class TemplateTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<Template> Templates => db.Set<Template>();
    }
}
