using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Hosting;
using CertVerify.Web.Users;

namespace CertVerify.Web.Certificates;

public sealed record StatusChangeRequest([StringLength(CertificateLimits.ReasonLength)] string? Reason);
