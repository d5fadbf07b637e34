namespace CertVerify.Web.Credentials;

/// <summary>The Ed25519 key that signs Data Integrity proofs now, and its verification method (<c>did:web:...#z6Mk...</c>).</summary>
public sealed record DataIntegrityKey(string VerificationMethod, byte[] PrivateKey);
