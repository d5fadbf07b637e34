using System.ComponentModel.DataAnnotations;

namespace CertVerify.Web.Certificates;

public sealed record StatusChangeRequest([StringLength(CertificateLimits.ReasonLength)] string? Reason);
