using System.ComponentModel.DataAnnotations;

namespace CertVerify.Web.Organisation;

public sealed record UpdateOrganisationRequest(
    [Required, StringLength(200, MinimumLength = 1)] string Name,
    [Url, StringLength(500)] string? Url,
    [Url, StringLength(500)] string? LogoUrl,
    [StringLength(300)] string? Contact);
