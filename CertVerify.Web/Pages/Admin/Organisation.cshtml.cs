using CertVerify.Web.Data;
using CertVerify.Web.Organisation;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages.Admin;

/// <summary>
/// The organisation profile (<c>PUT /api/organisation</c>) and its logo (<c>PUT/DELETE /api/organisation/logo</c>).
/// The logo is previewed from our own origin: the pages' Content-Security-Policy shows no image from elsewhere.
/// </summary>
public sealed class OrganisationModel(CertVerifyDbContext db) : PageModel
{
    public OrganisationProfile Profile { get; private set; } = null!;

    /// <summary>The uploaded logo's version (for its address), or null when none is uploaded.</summary>
    public string? LogoVersion { get; private set; }

    /// <summary>The profile names a logo hosted elsewhere, which the pages cannot show.</summary>
    public bool HasExternalLogo => Profile.LogoUrl is not null && !OrganisationLogo.IsUploaded(Profile.LogoUrl);

    public string? Saved { get; private set; }

    public int MaxLogoKilobytes => OrganisationLogo.MaxBytes / 1024;

    public async Task OnGetAsync(string? saved, CancellationToken ct)
    {
        Profile = await db.LoadOrganisationAsync(ct);
        LogoVersion = await db.OrganisationLogos.Select(l => l.Version).SingleOrDefaultAsync(ct);
        Saved = saved switch
        {
            "profile" => "The organisation profile is saved. Verification pages show it at once.",
            "logo" => "The logo is uploaded.",
            "logo-removed" => "The logo is removed.",
            _ => null,
        };
    }
}
