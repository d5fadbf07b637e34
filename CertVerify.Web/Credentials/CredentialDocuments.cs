using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using CertVerify.Web.Certificates;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

/// <summary>
/// The JSON we publish: a certificate as an Open Badges 3.0 <c>OpenBadgeCredential</c> (a W3C Verifiable Credential
/// 2.0), the Bitstring Status List credentials its status entry points to, the issuer's Profile and its DID document.
/// The issuer is always its <c>did:web</c>.
/// </summary>
public static class CredentialDocuments
{
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";
    public const string OpenBadgesContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
    public const string DidContext = "https://www.w3.org/ns/did/v1";
    public const string JsonWebKeyContext = "https://w3id.org/security/jwk/v1";
    public const string MultikeyContext = "https://w3id.org/security/multikey/v1";

    public static string StatusListUrl(string baseUrl, StatusPurpose purpose, int list) => $"{baseUrl}/api/status/{StatusLists.Name(purpose, list)}";

    /// <summary>
    /// The recipient is named, and identified by email only as a salted SHA-256 hash (never the address itself).
    /// Metadata stays out: it may hold anything, and a credential is shown to whoever the recipient chooses.
    /// </summary>
    public static JsonObject OpenBadge(Certificate certificate, OrganisationProfile issuer, string issuerDid, string baseUrl)
    {
        var code = CertificateCode.Format(certificate.Code);
        var id = PublicUrls.Verification(baseUrl, code);
        var identifiers = new JsonArray(Identity("name", certificate.RecipientName));
        if (certificate.RecipientEmail is { } email)
        {
            identifiers.Add(HashedEmail(email, certificate.Id));
        }

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(VcContext, OpenBadgesContext),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = certificate.Title,
            ["issuer"] = Issuer(issuer, issuerDid),
            ["validFrom"] = Timestamp(certificate.IssuedAt),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = SubjectId(certificate.Id),
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = identifiers,
                ["achievement"] = new JsonObject
                {
                    ["id"] = $"{id}#achievement",
                    ["type"] = new JsonArray("Achievement"),
                    ["name"] = certificate.Title,
                    ["description"] = certificate.Description ?? certificate.Title,
                    ["criteria"] = new JsonObject { ["narrative"] = certificate.Description ?? certificate.Title },
                },
            },
            // One entry: Open Badges 3.0 types credentialStatus as one object. Revocation, the final verdict every
            // Bitstring Status List verifier checks; suspension is served by the verification API and by the
            // suspension list at the same index (docs/decisions.md, "One status entry").
            ["credentialStatus"] = StatusEntry(baseUrl, StatusPurpose.Revocation, certificate.StatusList, certificate.StatusIndex),
        };
        if (certificate.ExpiresAt is { } expires)
        {
            credential["validUntil"] = Timestamp(expires);
        }

        return credential;
    }

    /// <summary>The issuer is its DID alone: the VC 2.0 context does not define OB 3.0's <c>Profile</c>.</summary>
    public static JsonObject StatusList(string issuerDid, string baseUrl, StatusPurpose purpose, int list, string encodedList, TimeSpan ttl, DateTimeOffset now)
    {
        var url = StatusListUrl(baseUrl, purpose, list);
        return new JsonObject
        {
            ["@context"] = new JsonArray(VcContext),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = issuerDid,
            ["validFrom"] = Timestamp(now),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = $"{url}#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = purpose.ToString().ToLowerInvariant(),
                ["encodedList"] = encodedList,
                ["ttl"] = (long)ttl.TotalMilliseconds,
            },
        };
    }

    /// <summary>
    /// The recipient as a URI of this certificate's own, the same in every credential signed for it, so that the JWT's
    /// <c>sub</c> can mirror it (until recipients bring a DID of their own). Derived from the certificate's id by
    /// SHA-256, it reveals neither that id nor who the recipient is, and links no two certificates.
    /// </summary>
    public static string SubjectId(Guid certificateId)
    {
        var hash = SHA256.HashData([.. "credentialSubject:"u8, .. certificateId.ToByteArray()]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // UUID version 8 (RFC 9562)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return $"urn:uuid:{new Guid(hash.AsSpan(0, 16), bigEndian: true)}";
    }

    /// <summary>The OB3 <c>identityHash</c> of an email: <c>sha256$</c> and the hex digest of the address and salt.</summary>
    public static string HashEmail(string email, string salt) =>
        "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant() + salt)));

    /// <summary>A salt of the certificate's own, so one address hashes differently in every credential.</summary>
    private static string SaltFor(Guid certificateId) => Convert.ToHexStringLower(SHA256.HashData(certificateId.ToByteArray()))[..32];

    private static JsonObject HashedEmail(string email, Guid certificateId)
    {
        var salt = SaltFor(certificateId);
        var identity = Identity("emailAddress", HashEmail(email, salt), hashed: true);
        identity["salt"] = salt;
        return identity;
    }

    private static JsonObject Identity(string type, string value, bool hashed = false) => new()
    {
        ["type"] = "IdentityObject",
        ["identityType"] = type,
        ["hashed"] = hashed,
        ["identityHash"] = value,
    };

    /// <summary>The issuer's Open Badges 3.0 Profile as a document of its own, at <see cref="IssuerIdentity.ProfileUrl"/>.</summary>
    public static JsonObject Profile(OrganisationProfile issuer, string issuerDid)
    {
        var profile = new JsonObject { ["@context"] = new JsonArray(VcContext, OpenBadgesContext) };
        foreach (var (name, value) in Issuer(issuer, issuerDid))
        {
            profile[name] = value?.DeepClone();
        }

        return profile;
    }

    /// <summary>
    /// The did:web DID document: every key that ever signed, its ES256 part as a <c>JsonWebKey</c> verification method
    /// <c>{did}#{key id}</c> (JWTs) and its Ed25519 part as a <c>Multikey</c> <c>{did}#{publicKeyMultibase}</c> (Data
    /// Integrity proofs), each allowed to assert credentials (a retired key still vouches for what it signed), and the
    /// Profile as another name of the issuer.
    /// </summary>
    public static JsonObject DidDocument(string did, string profileUrl, IEnumerable<PublishedKey> keys)
    {
        var methods = new JsonArray();
        foreach (var key in keys)
        {
            var jwk = key.Jwk;
            methods.Add(new JsonObject
            {
                ["id"] = $"{did}#{key.Id}",
                ["type"] = "JsonWebKey",
                ["controller"] = did,
                ["publicKeyJwk"] = new JsonObject { ["kty"] = jwk.Kty, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y },
            });
            if (key.PublicKeyMultibase is { } multikey)
            {
                methods.Add(new JsonObject
                {
                    ["id"] = $"{did}#{multikey}",
                    ["type"] = "Multikey",
                    ["controller"] = did,
                    ["publicKeyMultibase"] = multikey,
                });
            }
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray(DidContext, JsonWebKeyContext, MultikeyContext),
            ["id"] = did,
            ["alsoKnownAs"] = new JsonArray(profileUrl),
            ["verificationMethod"] = methods,
            ["assertionMethod"] = new JsonArray([.. methods.Select(method => (JsonNode?)method!["id"]!.GetValue<string>())]),
        };
    }

    private static JsonObject Issuer(OrganisationProfile issuer, string issuerDid)
    {
        var profile = new JsonObject
        {
            ["id"] = issuerDid,
            ["type"] = new JsonArray("Profile"),
            ["name"] = issuer.Name,
        };
        if (issuer.Url is { } url) profile["url"] = url;
        if (issuer.LogoUrl is { } logo) profile["image"] = new JsonObject { ["id"] = logo, ["type"] = "Image" };
        return profile;
    }

    private static JsonObject StatusEntry(string baseUrl, StatusPurpose purpose, int list, int index)
    {
        var listUrl = StatusListUrl(baseUrl, purpose, list);
        return new JsonObject
        {
            ["id"] = $"{listUrl}#{index}",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = purpose.ToString().ToLowerInvariant(),
            ["statusListIndex"] = index.ToString(CultureInfo.InvariantCulture),
            ["statusListCredential"] = listUrl,
        };
    }

    /// <summary>XML Schema dateTimeStamp in UTC, to the second.</summary>
    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
