using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Data;

public sealed class CertVerifyDbContext(DbContextOptions<CertVerifyDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CertVerifyDbContext).Assembly);
    }
}
