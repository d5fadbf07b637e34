namespace CertVerify.Web.RecipientMail;

/// <summary>A mail template's new wording (or one to preview); checked by <see cref="MailTemplateRules"/>, every field required.</summary>
public sealed record MailTemplateRequest(string? Subject, string? Text, string? Html);
