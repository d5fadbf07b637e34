
namespace CertVerify.Web.Verification;

/// <summary>A cached lookup: the certificate, or null for a code that does not exist.</summary>
public sealed record CachedLookup(CertificateSnapshot? Certificate);
