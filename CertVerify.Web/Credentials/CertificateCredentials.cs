using System.Text.Json.Nodes;
using CertVerify.Web.Certificates;
using CertVerify.Web.Organisation;

namespace CertVerify.Web.Credentials;

/// <summary>
/// A certificate as its signed Open Badges credential, signed with the current key: as a VC-JWT (one code path for the
/// credential endpoint and the copy attached to PDF documents), or with an eddsa-rdfc-2022 Data Integrity proof.
/// </summary>
public sealed class CertificateCredentials(SigningKeyRing keys, IssuerIdentity identity, DataIntegrity dataIntegrity)
{
    public async Task<string> SignAsync(Certificate certificate, OrganisationProfile issuer, string baseUrl, CancellationToken ct) =>
        VcJwt.Sign(CredentialDocuments.OpenBadge(certificate, issuer, identity.Did, baseUrl), await keys.CurrentAsync(ct));

    public async Task<JsonObject> SecureAsync(Certificate certificate, OrganisationProfile issuer, string baseUrl, CancellationToken ct) =>
        await dataIntegrity.SignAsync(CredentialDocuments.OpenBadge(certificate, issuer, identity.Did, baseUrl), await keys.CurrentDataIntegrityAsync(ct), ct);
}
