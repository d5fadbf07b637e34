namespace CertVerify.Web.Verification;

/// <summary>A verdict and what it was judged from (which says whether the recipient made the certificate public).</summary>
public sealed record VerificationResult(Verdict Verdict, CertificateSnapshot? Certificate);
