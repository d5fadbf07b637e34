
namespace CertVerify.Web.Certificates;

/// <summary>
/// A row as read from the body, before validation: the CSV line it starts on (null for JSON) and the fields that
/// could not be read at all (a CSV date that is not ISO 8601).
/// </summary>
public sealed record ReadRow(BulkRow Row, int? Line, IReadOnlyList<(string Field, string Error)> Errors);
