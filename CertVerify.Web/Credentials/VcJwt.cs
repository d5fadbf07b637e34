using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Verifiable Credentials secured with JOSE (VC-JOSE-COSE): the credential is the JWS payload, the header says
/// <c>typ: vc+jwt</c>. Signing and signature checks are Microsoft.IdentityModel's; this only frames them.
/// </summary>
public static class VcJwt
{
    public const string MediaType = "application/vc+jwt";
    public const string Type = "vc+jwt";
    public const int MaxLength = 64 * 1024;

    private static readonly JsonWebTokenHandler Handler = new();

    public static string Sign(JsonObject credential, SigningCredentials key) =>
        Handler.CreateToken(credential.ToJsonString(), key, new Dictionary<string, object> { ["typ"] = Type, ["cty"] = "vc" });

    /// <summary>A compact JWS taken apart, before any check of its signature.</summary>
    public sealed record Parsed(string Token, string? KeyId, string? Algorithm, string? MediaType, JsonObject Payload);

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
