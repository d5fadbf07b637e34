using System.ComponentModel.DataAnnotations;

namespace CertVerify.Web.Certificates;

public sealed record BulkRevokeRequest(
    [Required, MinLength(1), MaxLength(1000)] Guid[] Ids,
    [Required, StringLength(CertificateLimits.ReasonLength, MinimumLength = 1)] string Reason);
