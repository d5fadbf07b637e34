namespace CertVerify.Web.Verification;

public sealed record VerifiedIssuer(string Name, string? Url);
