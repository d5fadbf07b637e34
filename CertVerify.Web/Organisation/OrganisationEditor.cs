using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Organisation;

/// <summary>
/// Changes to the issuing organisation: its profile and its uploaded logo, audited. Every save tells every replica,
/// which drop what they cached with the issuer's name.
/// </summary>
public sealed class OrganisationEditor(CertVerifyDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>The audit target of every change to the profile or its logo.</summary>
    private const string Target = "organisation";

    public async Task<Outcome<OrganisationProfile>> UpdateAsync(UpdateOrganisationRequest request, CancellationToken ct)
    {
        var profile = await TrackedAsync(ct);
        profile.Name = request.Name.Trim();
        profile.Url = request.Url;
        profile.LogoUrl = request.LogoUrl;
        profile.Contact = request.Contact;
        audit.Add(AuditActions.OrganisationUpdated, Target, OrganisationView.From(profile));
        return await SaveAsync(profile, ct);
    }

    /// <summary>
    /// Stores the image (PNG, JPEG or WebP, at most <see cref="OrganisationLogo.MaxBytes"/>: anything longer is refused
    /// whole, so callers need read no more than one byte past it; its type read from its bytes) and points the profile's logo address at it, with its version so it can be cached for good.
    /// </summary>
    public async Task<Outcome<OrganisationProfile>> SetLogoAsync(byte[] content, string publicBaseUrl, CancellationToken ct)
    {
        if (content.Length == 0)
        {
            return Refusal.Invalid("logo", "Send the image as the request body: it was empty.");
        }

        if (content.Length > OrganisationLogo.MaxBytes)
        {
            return Refusal.TooLarge($"The logo may be at most {OrganisationLogo.MaxBytes / 1024} KB.");
        }

        if (OrganisationLogo.SniffContentType(content) is not { } contentType)
        {
            return Refusal.UnsupportedType("The logo must be a PNG, JPEG or WebP image (not SVG, which can carry scripts).");
        }

        var logo = await db.OrganisationLogos.SingleOrDefaultAsync(ct);
        if (logo is null)
        {
            logo = new OrganisationLogo { Content = content, ContentType = contentType, Version = "" };
            db.OrganisationLogos.Add(logo);
        }

        (logo.Content, logo.ContentType, logo.Version, logo.UpdatedAt) = (content, contentType, OrganisationLogo.VersionOf(content), clock.GetUtcNow());
        var profile = await TrackedAsync(ct);
        profile.LogoUrl = PublicUrls.OrganisationLogo(publicBaseUrl, logo.Version);
        audit.Add(AuditActions.OrganisationLogoUpdated, Target, new { contentType, bytes = content.Length, version = logo.Version, profile.LogoUrl });
        return await SaveAsync(profile, ct);
    }

    /// <summary>Removes the logo; the profile stops pointing at it (a logo address elsewhere is left alone).</summary>
    public async Task<Refusal?> RemoveLogoAsync(CancellationToken ct)
    {
        if (await db.OrganisationLogos.SingleOrDefaultAsync(ct) is not { } logo)
        {
            return null;
        }

        db.OrganisationLogos.Remove(logo);
        var profile = await TrackedAsync(ct);
        if (OrganisationLogo.IsUploaded(profile.LogoUrl))
        {
            profile.LogoUrl = null;
        }

        audit.Add(AuditActions.OrganisationLogoRemoved, Target, new { version = logo.Version });
        return (await SaveAsync(profile, ct)).Refusal;
    }

    /// <summary>The stored profile, tracked for a change; added with the defaults the first time.</summary>
    private async Task<OrganisationProfile> TrackedAsync(CancellationToken ct)
    {
        var profile = await db.Organisation.SingleOrDefaultAsync(ct);
        if (profile is null)
        {
            profile = new OrganisationProfile();
            db.Organisation.Add(profile);
        }

        return profile;
    }

    /// <summary>Saves a change to the profile with whatever else the unit of work holds.</summary>
    private async Task<Outcome<OrganisationProfile>> SaveAsync(OrganisationProfile profile, CancellationToken ct)
    {
        profile.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two first-ever changes at once: both tried to create the single row.
            return Refusal.Conflict("The organisation was changed at the same time: reload and try again.");
        }

        return profile;
    }
}
