using CertVerify.Web.Hosting;

namespace CertVerify.Web.Credentials;

/// <summary>
/// The issuer as a verifier finds it without knowing this product: a <c>did:web</c> of the configured public host,
/// whose DID document (<c>/.well-known/did.json</c>) holds every signing key, each as <c>{did}#{key id}</c>.
/// Built from configuration only (<see cref="PublicUrls.BaseUrl"/>), never from a request.
/// </summary>
public sealed class IssuerIdentity(PublicUrls urls)
{
    public const string DidDocumentPath = "/.well-known/did.json";
    public const string ProfilePath = "/api/issuer";

    /// <summary><c>did:web:</c> and the host, its port percent-encoded when not the scheme's default (did:web 3.1).</summary>
    public string Did
    {
        get
        {
            var uri = new Uri(urls.BaseUrl);
            return uri.IsDefaultPort ? $"did:web:{uri.IdnHost}" : $"did:web:{uri.IdnHost}%3A{uri.Port}";
        }
    }

    public string DidDocumentUrl => urls.BaseUrl + DidDocumentPath;

    /// <summary>The issuer's Open Badges 3.0 Profile, named in the DID document's <c>alsoKnownAs</c>.</summary>
    public string ProfileUrl => urls.BaseUrl + ProfilePath;

    /// <summary>The DID URL of a signing key: the JWT's <c>kid</c> and the verification method's <c>id</c>.</summary>
    public string KeyUrl(string keyId) => $"{Did}#{keyId}";

    /// <summary>
    /// The key id a <c>kid</c> names: our DID URL's fragment, or a bare key id (credentials issued before the DID);
    /// null for another DID or any other URL.
    /// </summary>
    public string? KeyIdOf(string kid) =>
        FragmentOf(kid) ?? (kid.Contains(':') || kid.Contains('#') ? null : kid);

    /// <summary>The fragment of a DID URL of our DID (<c>{did}#{fragment}</c>); null for anything else.</summary>
    public string? FragmentOf(string didUrl) =>
        didUrl.StartsWith(Did + "#", StringComparison.Ordinal) ? didUrl[(Did.Length + 1)..] : null;
}
