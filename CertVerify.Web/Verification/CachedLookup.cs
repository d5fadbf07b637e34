using System.ComponentModel;

namespace CertVerify.Web.Verification;

/// <summary>
/// A cached lookup: the certificate, or null for a code that does not exist. Immutable, and marked so: HybridCache then
/// hands out the instance it holds in memory instead of deserializing a fresh copy on every hit.
/// </summary>
[ImmutableObject(true)]
public sealed record CachedLookup(CertificateSnapshot? Certificate);
