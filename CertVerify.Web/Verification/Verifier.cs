using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Verification;

/// <summary>One verification, the same for the API and the public pages: look up (cached), judge, log.</summary>
public sealed class Verifier(VerificationCache cache, IssuedCodeFilter issued, VerificationLog log, InstanceIdentity instance, PublicUrls urls, TimeProvider clock)
{
    /// <summary>The verdict, or null when the input cannot be a certificate code.</summary>
    public async Task<Verdict?> VerifyAsync(string? input, HttpContext context, CancellationToken ct) =>
        (await CheckAsync(input, context, ct))?.Verdict;

    /// <summary>Like <see cref="VerifyAsync"/>, with the snapshot judged, for the verification page.</summary>
    public async Task<VerificationResult?> CheckAsync(string? input, HttpContext context, CancellationToken ct)
    {
        if (!CertificateCode.TryNormalize(input, out var code))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var certificate = issued.IsCertainlyUnknown(code) ? null : (await cache.GetAsync(code, ct)).Certificate;
        var status = certificate is null ? VerificationStatus.NotFound : CertificateStatusRule.At(certificate.Status, certificate.ExpiresAt, now);

        log.Enqueue(new VerificationRecord
        {
            CertificateId = certificate?.Id,
            Code = code,
            Result = status,
            At = now,
            ClientIp = context.ClientIp(),
            UserAgent = context.UserAgent(),
            InstanceId = instance.InstanceId,
        });

        return new VerificationResult(
            new Verdict(CertificateCode.Format(code), status, now,
                certificate is null ? null : VerifiedCertificate.From(certificate),
                certificate is null ? null : PublicUrls.Credential(urls.BaseUrl, CertificateCode.Format(code)), instance.InstanceId),
            certificate);
    }
}
