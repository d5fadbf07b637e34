using CertVerify.Web.Hosting;

namespace CertVerify.Web.Certificates;

public sealed record CertificateView(
    Guid Id, string Code, string RecipientName, string? RecipientEmail, string Title, string? Description,
    DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, CertificateStatus Status, DateTimeOffset? StatusChangedAt, string? StatusReason,
    Guid? TemplateId, Guid IssuedBy, Dictionary<string, string> Metadata, Guid? BatchId, bool IsPublic,
    string VerifyUrl, string QrUrl, string CredentialUrl)
{
    public static CertificateView From(Certificate c, string publicBaseUrl)
    {
        var code = CertificateCode.Format(c.Code);
        return new(
            c.Id, code, c.RecipientName, c.RecipientEmail, c.Title, c.Description, c.IssuedAt, c.ExpiresAt,
            c.Status, c.StatusChangedAt, c.StatusReason, c.TemplateId, c.IssuedBy, c.Metadata, c.BatchId, c.IsPublic,
            PublicUrls.Verification(publicBaseUrl, code), PublicUrls.QrCode(publicBaseUrl, code), PublicUrls.Credential(publicBaseUrl, code));
    }
}
