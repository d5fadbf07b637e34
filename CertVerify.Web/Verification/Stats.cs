namespace CertVerify.Web.Verification;

/// <summary>Counts by status of the certificates a caller may see, and their verifications per UTC day.</summary>
public sealed record Stats(int Issued, int Active, int Suspended, int Revoked, int Verifications, IReadOnlyList<DailyCount> VerificationsPerDay);
