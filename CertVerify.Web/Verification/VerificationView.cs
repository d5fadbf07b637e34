using CertVerify.Web.Certificates;

namespace CertVerify.Web.Verification;

/// <summary>One check of a certificate: when, the verdict, who asked and which replica answered.</summary>
public sealed record VerificationView(DateTimeOffset At, VerificationStatus Result, string? ClientIp, string? UserAgent, string InstanceId);
