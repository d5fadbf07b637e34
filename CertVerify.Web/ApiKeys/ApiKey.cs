using System.Security.Cryptography;
using System.Text;
using CertVerify.Web.Accounts;
using Microsoft.AspNetCore.WebUtilities;

namespace CertVerify.Web.ApiKeys;

/// <summary>
/// A key for a machine client, acting as the user who created it (with that user's current role), within its scope.
/// Only a SHA-256 hash of the secret is stored: the key is 256 random bits, so a slow hash adds nothing.
/// </summary>
public sealed class ApiKey
{
    public const string Scheme = "cvk";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public User? User { get; set; }

    public required string Name { get; set; }

    public ApiKeyScope Scope { get; set; }

    /// <summary>The public part of the key, used to find it: <c>cvk_&lt;prefix&gt;_&lt;secret&gt;</c>.</summary>
    public required string Prefix { get; set; }

    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>A new key and the one and only copy of its full text.</summary>
    public static (ApiKey Key, string Text) Create(Guid userId, string name, ApiKeyScope scope, DateTimeOffset now)
    {
        var prefix = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(9));
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey { UserId = userId, Name = name, Scope = scope, Prefix = prefix, SecretHash = Hash(secret), CreatedAt = now };
        return (key, $"{Scheme}_{prefix}_{secret}");
    }

    /// <summary>
    /// Splits <c>cvk_&lt;prefix&gt;_&lt;secret&gt;</c> by position (base64url itself may contain '_'); false for anything else.
    /// </summary>
    public static bool TryParse(string text, out string prefix, out string secret)
    {
        const int PrefixStart = 4, PrefixLength = 12, SecretLength = 43;
        prefix = secret = "";
        if (text.Length != PrefixStart + PrefixLength + 1 + SecretLength
            || !text.StartsWith(Scheme + "_", StringComparison.Ordinal)
            || text[PrefixStart + PrefixLength] != '_')
        {
            return false;
        }

        prefix = text.Substring(PrefixStart, PrefixLength);
        secret = text[(PrefixStart + PrefixLength + 1)..];
        return true;
    }

    public bool Matches(string secret) => CryptographicOperations.FixedTimeEquals(SecretHash, Hash(secret));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));
}
