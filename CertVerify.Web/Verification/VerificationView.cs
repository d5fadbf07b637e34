using CertVerify.Web.Certificates;

namespace CertVerify.Web.Verification;

/// <summary>
/// Checks of a certificate: when (the first of them), the verdict, who asked, which replica answered, and how many
/// times (checks alike within about half a second share an entry).
/// </summary>
public sealed record VerificationView(DateTimeOffset At, VerificationStatus Result, string? ClientIp, string? UserAgent, string InstanceId, int Count);
