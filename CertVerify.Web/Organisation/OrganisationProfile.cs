using CertVerify.Web.Data;

namespace CertVerify.Web.Organisation;

/// <summary>The issuer named in every certificate and credential: one per installation, set by an Admin.</summary>
public sealed class OrganisationProfile : IChangeNotifying
{
    string IChangeNotifying.ChangeKey => Id.ToString();

    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public string Name { get; set; } = "CertVerify";

    public string? Url { get; set; }

    public string? LogoUrl { get; set; }

    public string? Contact { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
