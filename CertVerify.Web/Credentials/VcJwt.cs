using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Credentials as JWTs, as Open Badges 3.0's "JWT Proof Format" says: the credential is the payload, with the
/// registered claims <c>iss</c>, <c>jti</c>, <c>nbf</c>, <c>sub</c> and <c>exp</c> mirroring it; the header holds
/// <c>alg</c>, <c>kid</c> and <c>typ: JWT</c>, nothing else. Credentials signed before (VC-JOSE-COSE: <c>typ: vc+jwt</c>,
/// <c>cty: vc</c>, no claims) are still read. Signing and signature checks are Microsoft.IdentityModel's; this only frames them.
/// </summary>
public static class VcJwt
{
    public const string MediaType = "application/jwt";
    public const string Type = "JWT";

    /// <summary>The <c>typ</c> of the credentials issued before the OB 3.0 format, still verified.</summary>
    public const string LegacyType = "vc+jwt";

    public const int MaxLength = 64 * 1024;

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Signs with the header <c>{alg, kid, typ: "JWT"}</c>, the <c>kid</c> being the key's id.</summary>
    public static string Sign(JsonObject credential, SigningCredentials key)
    {
        var payload = credential.DeepClone().AsObject();
        foreach (var (claim, value) in RegisteredClaims(credential))
        {
            payload[claim] = value;
        }

        return Handler.CreateToken(payload.ToJsonString(), key);
    }

    /// <summary>
    /// The claims OB 3.0 requires, each taken from the credential: <c>iss</c> = issuer.id, <c>jti</c> = id,
    /// <c>nbf</c> = validFrom, <c>sub</c> = credentialSubject.id, <c>exp</c> = validUntil (the last two when present).
    /// </summary>
    private static List<(string Claim, JsonNode? Value)> RegisteredClaims(JsonObject credential)
    {
        var claims = new List<(string, JsonNode?)>
        {
            ("iss", credential["issuer"] is JsonObject issuer ? Text(issuer, "id") : Text(credential, "issuer")),
            ("jti", Text(credential, "id")),
            ("nbf", NumericDate(Text(credential, "validFrom"))),
        };
        if (credential["credentialSubject"] is JsonObject subject && Text(subject, "id") is { } subjectId)
        {
            claims.Add(("sub", subjectId));
        }

        if (Text(credential, "validUntil") is { } validUntil)
        {
            claims.Add(("exp", NumericDate(validUntil)));
        }

        return claims;
    }

    /// <summary>
    /// Null when the payload's registered claims mirror its credential as OB 3.0 requires (and no <c>exp</c> or
    /// <c>sub</c> stands without its counterpart); otherwise the first claim that does not.
    /// </summary>
    public static string? ClaimMismatch(JsonObject payload)
    {
        var expected = RegisteredClaims(payload);
        foreach (var (claim, value) in expected)
        {
            if (value is null || !JsonNode.DeepEquals(payload[claim], value))
            {
                return claim;
            }
        }

        return new[] { "sub", "exp" }.FirstOrDefault(claim => payload.ContainsKey(claim) && expected.All(e => e.Claim != claim));
    }

    private static JsonNode? NumericDate(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? JsonValue.Create(value.ToUnixTimeSeconds())
            : null;

    /// <summary>A compact JWS taken apart, before any check of its signature.</summary>
    public sealed record Parsed(string Token, string? KeyId, string? Algorithm, string? Type, JsonObject Payload)
    {
        /// <summary>Issued before the OB 3.0 JWT format: judged without its registered claims.</summary>
        public bool IsLegacy => Type == LegacyType;
    }

    /// <summary>
    /// Null unless <paramref name="token"/> is a compact JWS of three base64url parts whose header and payload are
    /// JSON objects. The decoder refuses non-canonical base64url (a changed padding bit in a last character would
    /// otherwise decode to the same bytes and let an altered credential verify).
    /// </summary>
    public static Parsed? TryParse(string? token)
    {
        var parts = token?.Trim().Split('.');
        if (parts is not { Length: 3 } || parts.Any(p => p.Length == 0) || token!.Length > MaxLength)
        {
            return null;
        }

        if (TryDecode(parts[0]) is not { } header || TryDecode(parts[1]) is not { } payload || TryDecode(parts[2]) is null)
        {
            return null;
        }

        try
        {
            var headerJson = JsonNode.Parse(header) as JsonObject;
            if (headerJson is null || JsonNode.Parse(payload) is not JsonObject payloadJson)
            {
                return null;
            }

            return new Parsed(token.Trim(), Text(headerJson, "kid"), Text(headerJson, "alg"), Text(headerJson, "typ"), payloadJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="key"/> signed the token, with ES256 and nothing else.</summary>
    public static async Task<bool> HasValidSignatureAsync(Parsed parsed, JsonWebKey key)
    {
        var result = await Handler.ValidateTokenAsync(parsed.Token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [Type, LegacyType],
            ValidateIssuer = false,
            ValidateAudience = false,
            // The credential's own validFrom and validUntil are judged by the caller.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        return result.IsValid;
    }

    private static byte[]? TryDecode(string part)
    {
        try
        {
            return Base64UrlEncoder.DecodeBytes(part);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A string property, or null when it is missing or not a string.</summary>
    public static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
