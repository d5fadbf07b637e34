using System.Globalization;
using System.Text.Json.Nodes;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Verification;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Checks a presented VC-JWT: signed with ES256 by a key this installation publishes, inside its validity window, and
/// neither revoked nor suspended according to its status list entry. The verdict is then the same as verifying
/// the certificate's code (and is logged like one).
/// </summary>
public sealed class CredentialVerifier(
    SigningKeyRing keys, IssuerIdentity identity, CertVerifyDbContext db, Verifier verifier, InstanceIdentity instance, TimeProvider clock)
{
    private static readonly CredentialCheck NotChecked = new(false, "Not checked: the signature did not verify.");

    public async Task<CredentialVerdict> VerifyAsync(VcJwt.Parsed credential, HttpContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var key = credential.KeyId is { } kid && identity.KeyIdOf(kid) is { } keyId ? await keys.FindAsync(keyId, ct) : null;
        var issuerKey = key is null
            ? new CredentialCheck(false, $"'{credential.KeyId}' is no key of {identity.Did} (its DID document: {identity.DidDocumentUrl}).")
            : new CredentialCheck(true, $"Key {identity.KeyUrl(key.Id)} in the DID document, published {CredentialDocuments.Timestamp(key.CreatedAt)}"
                + (key.RetiredAt is { } retired ? $", retired from signing {CredentialDocuments.Timestamp(retired)}." : ", in use."));
        var signed = key is not null && await VcJwt.HasValidSignatureAsync(credential, key.Jwk);
        var mismatch = signed && !credential.IsLegacy ? VcJwt.ClaimMismatch(credential.Payload) : null;
        if (!signed || mismatch is not null)
        {
            var reason = key is null ? "Not checked: the key is unknown."
                : mismatch is not null ? $"The '{mismatch}' claim does not mirror the credential, as Open Badges 3.0 requires."
                : "The signature does not match the header and content (or it is not an ES256 JWT).";
            return new CredentialVerdict(null, VerificationStatus.Invalid, now, null, null, instance.InstanceId,
                new CredentialChecks(new CredentialCheck(false, reason), issuerKey, NotChecked, NotChecked));
        }

        var signature = new CredentialCheck(true, credential.IsLegacy
            ? "ES256 signature verified (a VC-JOSE-COSE credential issued before the Open Badges 3.0 JWT format)."
            : "ES256 signature verified; iss, jti, nbf, sub and exp mirror the credential.");
        var (window, notYetValid, expired) = ValidityWindow(credential.Payload, now);
        var code = await CodeAtStatusEntryAsync(credential.Payload, ct);
        var verdict = code is null ? null : await verifier.VerifyAsync(code, context, ct);
        if (verdict is null)
        {
            return new CredentialVerdict(null, VerificationStatus.Invalid, now, null, null, instance.InstanceId,
                new CredentialChecks(signature, issuerKey, window, new CredentialCheck(false, "No status list entry of this installation.")));
        }

        var status = verdict.Status switch
        {
            VerificationStatus.Revoked or VerificationStatus.Suspended => verdict.Status,
            _ when notYetValid => VerificationStatus.Invalid,
            _ when expired => VerificationStatus.Expired,
            _ => verdict.Status,
        };
        var statusCheck = verdict.Status switch
        {
            VerificationStatus.Revoked => new CredentialCheck(false, "Revoked: its bit is set in the revocation list."),
            VerificationStatus.Suspended => new CredentialCheck(false, "Suspended: its bit is set in the suspension list."),
            VerificationStatus.NotFound => new CredentialCheck(false, "The status list entry holds no certificate."),
            _ => new CredentialCheck(true, "Neither revoked nor suspended."),
        };
        return new CredentialVerdict(verdict.Code, status, now, verdict.Certificate, verdict.CredentialUrl, instance.InstanceId,
            new CredentialChecks(signature, issuerKey, window, statusCheck));
    }

    private static (CredentialCheck Check, bool NotYetValid, bool Expired) ValidityWindow(JsonObject payload, DateTimeOffset now)
    {
        var validFrom = Date(payload, "validFrom");
        var validUntil = Date(payload, "validUntil");
        if (validFrom is null)
        {
            return (new CredentialCheck(false, "No valid validFrom."), true, false);
        }

        if (validFrom > now)
        {
            return (new CredentialCheck(false, $"Not valid before {CredentialDocuments.Timestamp(validFrom.Value)}."), true, false);
        }

        return validUntil <= now
            ? (new CredentialCheck(false, $"Expired at {CredentialDocuments.Timestamp(validUntil.Value)}."), false, true)
            : (new CredentialCheck(true, validUntil is null ? "Valid from its issue, with no expiry." : $"Valid until {CredentialDocuments.Timestamp(validUntil.Value)}."), false, false);
    }

    /// <summary>The code of the certificate that holds the credential's status list slot in this installation.</summary>
    private async Task<string?> CodeAtStatusEntryAsync(JsonObject payload, CancellationToken ct)
    {
        var entries = payload["credentialStatus"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject single => [single],
            _ => [],
        };

        foreach (var entry in entries)
        {
            if (VcJwt.Text(entry, "statusListCredential") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && uri.AbsolutePath.StartsWith("/api/status/", StringComparison.Ordinal)
                && StatusLists.TryParseName(uri.AbsolutePath["/api/status/".Length..], out _, out var list)
                && int.TryParse(VcJwt.Text(entry, "statusListIndex"), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return await db.Certificates.AsNoTracking().Where(c => c.StatusList == list && c.StatusIndex == index)
                    .Select(c => c.Code).SingleOrDefaultAsync(ct);
            }
        }

        return null;
    }

    private static DateTimeOffset? Date(JsonObject json, string name) =>
        DateTimeOffset.TryParse(VcJwt.Text(json, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
