using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Data;

/// <summary>
/// The one database context. Each feature maps its own entities (an <see cref="IEntityTypeConfiguration{TEntity}"/>
/// beside them) and names its own sets as extension properties, so this layer depends on no feature.
/// </summary>
public sealed class CertVerifyDbContext(DbContextOptions<CertVerifyDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring (<see cref="KeyRingExtensions"/>), backed up with the data.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CertVerifyDbContext).Assembly);
    }
}
