namespace CertVerify.Web.Credentials;

/// <summary>Signed credentials and their status lists (section <c>Credentials</c>).</summary>
public sealed class CredentialOptions
{
    public const string SectionName = "Credentials";

    /// <summary>How long verifiers may cache a status list (its <c>ttl</c> and <c>Cache-Control</c>).</summary>
    public int StatusListTtlSeconds { get; set; } = 300;

    /// <summary>How often each replica rereads the signing keys, so a rotation on one reaches all.</summary>
    public int KeyRefreshSeconds { get; set; } = 30;

    /// <summary>
    /// The canonicalizer service (CertVerify.Canonicalizer) that Data Integrity proofs need: by default the AppHost's
    /// <c>canonicalizer</c> resource, found by service discovery.
    /// </summary>
    public string CanonicalizerUrl { get; set; } = "http://canonicalizer";
}
