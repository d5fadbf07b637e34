namespace CertVerify.Web.Certificates;

/// <summary>One row of a bulk issue: the single-issue fields, with the template named by id or by name.</summary>
public sealed record BulkRow(
    string? RecipientName, string? RecipientEmail, string? Title, string? Description,
    DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Template, Dictionary<string, string>? Metadata);
