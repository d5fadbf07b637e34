using System.Globalization;
using System.Text.Json.Nodes;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Verification;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Checks a presented credential as Open Badges 3.0 verification does, each check by name: signed by a key of the
/// issuer's DID (a JWT with ES256, its claims mirroring the credential; or a Data Integrity proof, eddsa-rdfc-2022),
/// valid against the OB 3.0 schema, inside its validity window, neither revoked nor suspended. The verdict is then the
/// same as verifying the certificate's code (and is logged like one). Credentials issued before the OB 3.0 JWT format
/// are read too.
/// </summary>
public sealed class CredentialVerifier(
    SigningKeyRing keys, IssuerIdentity identity, DataIntegrity dataIntegrity, CertVerifyDbContext db, Verifier verifier,
    InstanceIdentity instance, TimeProvider clock)
{
    private static readonly CredentialCheck NotChecked = new(false, "Not checked: the signature did not verify.");

    public async Task<CredentialVerdict> VerifyAsync(VcJwt.Parsed credential, HttpContext context, CancellationToken ct)
    {
        var (key, issuerKey) = await IssuerKeyAsync(credential.KeyId, ct);
        var signature = await SignatureAsync(credential, key);
        return await VerdictAsync(credential.Payload, credential.IsLegacy, signature, issuerKey, context, ct);
    }

    /// <summary>A credential secured by an embedded Data Integrity proof (one proof, eddsa-rdfc-2022, for assertionMethod).</summary>
    public async Task<CredentialVerdict> VerifyAsync(JsonObject secured, HttpContext context, CancellationToken ct)
    {
        var proof = DataIntegrity.SingleProof(secured);
        var method = proof is null ? null : VcJwt.Text(proof, "verificationMethod");
        var fragment = method is null ? null : identity.FragmentOf(method);
        var key = fragment is null ? null : await keys.FindByMultikeyAsync(fragment, ct);
        var issuerKey = key is null
            ? new CredentialCheck(false, $"'{method}' is no Multikey of {identity.Did} (its DID document: {identity.DidDocumentUrl}).")
            : IssuerKeyFound(key, method!);
        var signature = await DataIntegritySignatureAsync(secured, proof, key, ct);
        return await VerdictAsync(secured, isLegacy: false, signature, issuerKey, context, ct);
    }

    private async Task<CredentialCheck> DataIntegritySignatureAsync(JsonObject secured, JsonObject? proof, PublishedKey? key, CancellationToken ct)
    {
        if (proof is null || VcJwt.Text(proof, "type") != DataIntegrity.ProofType || VcJwt.Text(proof, "cryptosuite") != DataIntegrity.Cryptosuite
            || VcJwt.Text(proof, "proofPurpose") != DataIntegrity.AssertionMethod)
        {
            return new CredentialCheck(false, "Expected one proof: a DataIntegrityProof, cryptosuite eddsa-rdfc-2022, for assertionMethod.");
        }

        if (Ed25519.FromMultikey(key?.PublicKeyMultibase) is not { } publicKey)
        {
            return new CredentialCheck(false, "Not checked: the key is unknown.");
        }

        return await dataIntegrity.VerifyAsync(secured, proof, publicKey, ct)
            ? new CredentialCheck(true, "eddsa-rdfc-2022 signature verified over the canonical credential and proof configuration.")
            : new CredentialCheck(false, "The signature does not match the canonical credential and proof configuration (or it cannot be canonicalized).");
    }

    private async Task<CredentialVerdict> VerdictAsync(
        JsonObject credential, bool isLegacy, CredentialCheck signature, CredentialCheck issuerKey, HttpContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!signature.Passed)
        {
            return Invalid(now, new CredentialChecks(signature, issuerKey, NotChecked, NotChecked, NotChecked, NotChecked));
        }

        var schema = Schema(credential, isLegacy);
        var (window, notYetValid, expired) = ValidityWindow(credential, now);
        var code = await CodeAtStatusEntryAsync(credential, ct);
        var verdict = code is null ? null : await verifier.VerifyAsync(code, context, ct);
        if (verdict is null)
        {
            var noEntry = new CredentialCheck(false, "No status list entry of this installation.");
            return Invalid(now, new CredentialChecks(signature, issuerKey, schema, window, noEntry, noEntry));
        }

        var status = verdict.Status switch
        {
            VerificationStatus.Revoked or VerificationStatus.Suspended => verdict.Status,
            _ when notYetValid || (!schema.Passed && !isLegacy) => VerificationStatus.Invalid,
            _ when expired => VerificationStatus.Expired,
            _ => verdict.Status,
        };
        var unknown = new CredentialCheck(false, "The status list entry holds no certificate.");
        var revocation = verdict.Status switch
        {
            VerificationStatus.Revoked => new CredentialCheck(false, "Revoked: its bit is set in the revocation list."),
            VerificationStatus.NotFound => unknown,
            _ => new CredentialCheck(true, "Not revoked: its bit in the revocation list is not set."),
        };
        var suspension = verdict.Status switch
        {
            VerificationStatus.Suspended => new CredentialCheck(false, "Suspended: set in the suspension list of the same number, at the same index."),
            VerificationStatus.NotFound => unknown,
            _ => new CredentialCheck(true, "Not suspended."),
        };
        return new CredentialVerdict(verdict.Code, status, now, verdict.Certificate, verdict.CredentialUrl, instance.InstanceId,
            new CredentialChecks(signature, issuerKey, schema, window, revocation, suspension));
    }

    private CredentialVerdict Invalid(DateTimeOffset now, CredentialChecks checks) =>
        new(null, VerificationStatus.Invalid, now, null, null, instance.InstanceId, checks);

    /// <summary>The key the <c>kid</c> names: a DID URL of the issuer's DID, or a bare key id in credentials issued before it.</summary>
    private async Task<(PublishedKey? Key, CredentialCheck Check)> IssuerKeyAsync(string? kid, CancellationToken ct)
    {
        var key = kid is not null && identity.KeyIdOf(kid) is { } keyId ? await keys.FindAsync(keyId, ct) : null;
        return key is null
            ? (null, new CredentialCheck(false, $"'{kid}' is no key of {identity.Did} (its DID document: {identity.DidDocumentUrl})."))
            : (key, IssuerKeyFound(key, identity.KeyUrl(key.Id)));
    }

    private static CredentialCheck IssuerKeyFound(PublishedKey key, string method) =>
        new(true, $"Key {method} in the DID document, published {CredentialDocuments.Timestamp(key.CreatedAt)}"
            + (key.RetiredAt is { } retired ? $", retired from signing {CredentialDocuments.Timestamp(retired)}." : ", in use."));

    private static async Task<CredentialCheck> SignatureAsync(VcJwt.Parsed credential, PublishedKey? key)
    {
        if (key is null)
        {
            return new CredentialCheck(false, "Not checked: the key is unknown.");
        }

        if (!await VcJwt.HasValidSignatureAsync(credential, key.Jwk))
        {
            return new CredentialCheck(false, "The signature does not match the header and content (or it is not an ES256 JWT).");
        }

        if (credential.IsLegacy)
        {
            return new CredentialCheck(true, "ES256 signature verified (a VC-JOSE-COSE credential issued before the Open Badges 3.0 JWT format).");
        }

        return VcJwt.ClaimMismatch(credential.Payload) is { } claim
            ? new CredentialCheck(false, $"The '{claim}' claim does not mirror the credential, as Open Badges 3.0 requires.")
            : new CredentialCheck(true, "ES256 signature verified; iss, jti, nbf, sub and exp mirror the credential.");
    }

    /// <summary>A credential issued before the OB 3.0 format fails the schema (two status entries) but is not refused for it.</summary>
    private static CredentialCheck Schema(JsonObject credential, bool isLegacy) =>
        OpenBadgesSchema.FirstError(credential) switch
        {
            null => new CredentialCheck(true, "Valid against 1EdTech's Open Badges 3.0 AchievementCredential JSON Schema."),
            var error when isLegacy => new CredentialCheck(false,
                $"Issued before the Open Badges 3.0 format, and not held against it: {error}"),
            var error => new CredentialCheck(false, $"Not an Open Badges 3.0 AchievementCredential: {error}"),
        };

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
