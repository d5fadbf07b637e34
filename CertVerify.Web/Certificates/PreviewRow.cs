namespace CertVerify.Web.Certificates;

/// <summary>A row as it was read (from JSON or CSV), echoed by a dry run so people can check the columns by eye.</summary>
public sealed record PreviewRow(
    int Row, string? RecipientName, string? RecipientEmail, string? Title, string? Description,
    DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Template, Dictionary<string, string>? Metadata)
{
    /// <summary>A dry run's preview echoes at most this many rows.</summary>
    public const int MaxRows = 100;

    public static PreviewRow From(BulkRow row, int index) => new(index + 1, row.RecipientName, row.RecipientEmail, row.Title,
        row.Description, row.IssuedAt, row.ExpiresAt, row.Template, row.Metadata);
}
