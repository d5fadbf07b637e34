using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.RecipientMail;

/// <summary>
/// Who the mail comes from, as its layout shows it: the organisation's name and, when it has one, its logo by an absolute
/// public address. The uploaded logo is linked at the configured public address and its current version (whatever host
/// it was uploaded through), not attached: a bulk issue of 10,000 would carry it 10,000 times, while the versioned
/// address is cached for good. A logo the Admin named elsewhere (http or https) is linked as named.
/// </summary>
public sealed record MailBranding(string OrganisationName, string? LogoUrl)
{
    public static async Task<MailBranding> LoadAsync(CertVerifyDbContext db, PublicUrls urls, CancellationToken ct)
    {
        var profile = await db.LoadOrganisationAsync(ct);
        var logo = OrganisationLogo.IsUploaded(profile.LogoUrl)
            ? await db.OrganisationLogos.Select(l => l.Version).SingleOrDefaultAsync(ct) is { } version ? PublicUrls.OrganisationLogo(urls.BaseUrl, version) : null
            : Uri.TryCreate(profile.LogoUrl, UriKind.Absolute, out var external) && external.Scheme is "https" or "http" ? external.AbsoluteUri : null;
        return new MailBranding(profile.Name, logo);
    }
}
