using CertVerify.Web.ApiKeys;
using CertVerify.Web.Audit;
using CertVerify.Web.Certificates;
using CertVerify.Web.Credentials;
using CertVerify.Web.Organisation;
using CertVerify.Web.Templates;
using CertVerify.Web.Verification;
using CertVerify.Web.Accounts;
using CertVerify.Web.Users;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Data;

public sealed class CertVerifyDbContext(DbContextOptions<CertVerifyDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<OrganisationProfile> Organisation => Set<OrganisationProfile>();

    public DbSet<OrganisationLogo> OrganisationLogos => Set<OrganisationLogo>();

    public DbSet<Certificate> Certificates => Set<Certificate>();

    public DbSet<Template> Templates => Set<Template>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<VerificationRecord> Verifications => Set<VerificationRecord>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CertVerifyDbContext).Assembly);
    }
}
