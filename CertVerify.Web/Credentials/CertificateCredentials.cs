using CertVerify.Web.Certificates;
using CertVerify.Web.Organisation;

namespace CertVerify.Web.Credentials;

/// <summary>
/// A certificate as its signed Open Badges credential (VC-JWT), signed with the current key: one code path for the
/// credential endpoint and the copy attached to PDF documents.
/// </summary>
public sealed class CertificateCredentials(SigningKeyRing keys, IssuerIdentity identity)
{
    public async Task<string> SignAsync(Certificate certificate, OrganisationProfile issuer, string baseUrl, CancellationToken ct) =>
        VcJwt.Sign(CredentialDocuments.OpenBadge(certificate, issuer, identity.Did, baseUrl), await keys.CurrentAsync(ct));
}
