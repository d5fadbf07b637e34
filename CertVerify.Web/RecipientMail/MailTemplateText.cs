namespace CertVerify.Web.RecipientMail;

/// <summary>A mail template's wording, with <c>{{placeholders}}</c> (<see cref="MailPlaceholders"/>): the subject, the plain text and the HTML body (inside the layout).</summary>
public sealed record MailTemplateText(string Subject, string Text, string Html);
