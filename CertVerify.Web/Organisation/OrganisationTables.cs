using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Organisation;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class OrganisationTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<OrganisationProfile> Organisation => db.Set<OrganisationProfile>();

        public DbSet<OrganisationLogo> OrganisationLogos => db.Set<OrganisationLogo>();

        /// <summary>The profile, or the defaults until an Admin has set it.</summary>
        public async Task<OrganisationProfile> LoadOrganisationAsync(CancellationToken ct) =>
            await db.Organisation.AsNoTracking().SingleOrDefaultAsync(ct) ?? new OrganisationProfile();
    }
}
