using CertVerify.Web.ApiKeys;
using CertVerify.Web.Audit;
using CertVerify.Web.Users;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Data;

public sealed class CertVerifyDbContext(DbContextOptions<CertVerifyDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CertVerifyDbContext).Assembly);
    }
}
