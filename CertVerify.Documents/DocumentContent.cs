namespace CertVerify.Documents;

/// <summary>What a certificate document says. <c>Credential</c> (a VC-JWT) is attached to PDFs.</summary>
public sealed record DocumentContent(
    string IssuerName, string Title, string RecipientName, string? Description, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt,
    string Code, string VerifyUrl, DocumentMark? Mark, string? Credential = null, string? CredentialFileName = null);
