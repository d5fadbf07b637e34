using System.Buffers.Text;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;

namespace CertVerify.Tests.Credentials;

/// <summary>
/// Reads and checks compact JWS with nothing but the .NET base class library, independently of the server's JOSE
/// library: what any verifier resolving our did:web (or holding our JWKS) could do.
/// </summary>
public static class Jws
{
    public sealed record Token(string Raw, JsonElement Header, JsonElement Payload, string SigningInput, byte[] Signature);

    /// <summary>A certificate's credential, fetched from its <c>credentialUrl</c> as anyone can.</summary>
    public static async Task<Token> CredentialAsync(HttpClient client, JsonElement certificate)
    {
        var url = new Uri(certificate.GetProperty("credentialUrl").GetString()!);
        using var response = await client.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwt", response.Content.Headers.ContentType?.MediaType);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The key a <c>kid</c> names, resolved as a did:web resolver does: the DID (before '#') names the host and port,
    /// whose <c>/.well-known/did.json</c> is read over <paramref name="client"/>; the verification method with that id
    /// holds the key. The JWKS holds the same key under the fragment alone.
    /// </summary>
    public static async Task<JsonElement> ResolveKeyAsync(HttpClient client, string kid)
    {
        var did = kid.Split('#')[0];
        Assert.Equal(DidWeb(client.BaseAddress!), did);
        var document = await client.GetFromJsonAsync<JsonElement>("/.well-known/did.json");
        Assert.Equal(did, document.GetProperty("id").GetString());
        Assert.Contains(kid, document.GetProperty("assertionMethod").EnumerateArray().Select(m => m.GetString()));
        var method = document.GetProperty("verificationMethod").EnumerateArray().Single(m => m.GetProperty("id").GetString() == kid);
        Assert.Equal("JsonWebKey", method.GetProperty("type").GetString());
        Assert.Equal(did, method.GetProperty("controller").GetString());
        var jwk = method.GetProperty("publicKeyJwk");
        Assert.Equal(jwk.GetProperty("x").GetString(), (await PublishedKeyAsync(client, kid.Split('#')[^1])).GetProperty("x").GetString());
        return jwk;
    }

    /// <summary>The did:web of an address: the host, and its port percent-encoded unless it is the scheme's default.</summary>
    public static string DidWeb(Uri address) => address.IsDefaultPort ? $"did:web:{address.Host}" : $"did:web:{address.Host}%3A{address.Port}";

    /// <summary>The key with this id in the published JWKS.</summary>
    public static async Task<JsonElement> PublishedKeyAsync(HttpClient client, string keyId)
    {
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        return jwks.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == keyId);
    }

    public static Token Parse(string raw)
    {
        var parts = raw.Split('.');
        Assert.Equal(3, parts.Length);
        return new Token(raw, JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement,
            JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement, $"{parts[0]}.{parts[1]}", Base64Url.DecodeFromChars(parts[2]));
    }

    /// <summary>ES256: ECDSA P-256 with SHA-256, the signature as r and s concatenated.</summary>
    public static bool Verifies(Token token, JsonElement jwk)
    {
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()),
                Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()),
            },
        });
        return key.VerifyData(Encoding.ASCII.GetBytes(token.SigningInput), token.Signature, HashAlgorithmName.SHA256);
    }

    /// <summary>A Bitstring Status List's bits: multibase base64url ('u') of the GZIP-compressed bitstring.</summary>
    public static byte[] DecodeStatusList(string encodedList)
    {
        Assert.StartsWith("u", encodedList);
        using var gzip = new GZipStream(new MemoryStream(Base64Url.DecodeFromChars(encodedList.AsSpan(1))), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        return bits.ToArray();
    }

    /// <summary>Index 0 is the left-most bit of the first byte.</summary>
    public static bool IsSet(byte[] bits, int index) => (bits[index / 8] & (0x80 >> (index % 8))) != 0;

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
