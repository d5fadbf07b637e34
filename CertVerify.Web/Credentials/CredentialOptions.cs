namespace CertVerify.Web.Credentials;

/// <summary>Signed credentials and their status lists (section <c>Credentials</c>).</summary>
public sealed class CredentialOptions
{
    public const string SectionName = "Credentials";

    /// <summary>The smallest list the Bitstring Status List specification allows, for herd privacy.</summary>
    public const int MinimumStatusListSize = 131_072;

    /// <summary>Entries per status list; at least <see cref="MinimumStatusListSize"/>.</summary>
    public int StatusListSize { get; set; } = MinimumStatusListSize;

    /// <summary>
    /// A list takes new certificates until this share of it is used, then the next list opens: indexes are drawn at
    /// random, so they must stay easy to find and must not reveal the order of issue.
    /// </summary>
    public double StatusListFillLimit { get; set; } = 0.5;

    /// <summary>How long verifiers may cache a status list (its <c>ttl</c> and <c>Cache-Control</c>).</summary>
    public int StatusListTtlSeconds { get; set; } = 300;

    /// <summary>How often each replica rereads the signing keys, so a rotation on one reaches all.</summary>
    public int KeyRefreshSeconds { get; set; } = 30;
}
