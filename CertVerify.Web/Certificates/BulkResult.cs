using System.Text.Json.Serialization;

namespace CertVerify.Web.Certificates;

/// <summary>What a bulk issue did (or, in a dry run, would do): the issued rows and every rejected row's errors.</summary>
public sealed record BulkResult(
    Guid? BatchId, bool DryRun, int Issued, int Rejected, IReadOnlyList<IssuedRow> Certificates, IReadOnlyList<RowError> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PreviewRow>? Preview = null);
