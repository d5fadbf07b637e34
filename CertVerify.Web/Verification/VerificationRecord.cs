using CertVerify.Web.Certificates;

namespace CertVerify.Web.Verification;

/// <summary>
/// Verifications of one certificate with the same verdict, client, user agent and replica, written together: one when
/// queued, and as many as the log's writer found alike in a batch (about half a second of them) when stored.
/// </summary>
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

    /// <summary>How many verifications this row stands for; <see cref="At"/> is the first one's time.</summary>
    public int Count { get; set; } = 1;
}
