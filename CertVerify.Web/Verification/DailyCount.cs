namespace CertVerify.Web.Verification;

public sealed record DailyCount(DateOnly Date, int Count);
