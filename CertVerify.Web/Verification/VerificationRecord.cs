using CertVerify.Web.Certificates;

namespace CertVerify.Web.Verification;

/// <summary>One verification: what was asked, what was answered, by whom and where.</summary>
public sealed class VerificationRecord
{
    public long Id { get; set; }

    public Guid? CertificateId { get; set; }

    public required string Code { get; set; }

    public required VerificationStatus Result { get; set; }

    public DateTimeOffset At { get; set; }

    public string? ClientIp { get; set; }

    public string? UserAgent { get; set; }

    public required string InstanceId { get; set; }
}
