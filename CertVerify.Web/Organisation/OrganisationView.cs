namespace CertVerify.Web.Organisation;

/// <summary>The issuing organisation as the API shows it.</summary>
public sealed record OrganisationView(string Name, string? Url, string? LogoUrl, string? Contact)
{
    public static OrganisationView From(OrganisationProfile profile) => new(profile.Name, profile.Url, profile.LogoUrl, profile.Contact);
}
