namespace CertVerify.Web.Mail;

/// <summary>What a message says: its subject, its plain text and, when there is one, its HTML alternative.</summary>
public sealed record MailContent(string Subject, string Text, string? Html);
