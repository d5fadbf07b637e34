
namespace CertVerify.Web.Credentials;

public sealed record CredentialCheck(bool Passed, string Detail);
