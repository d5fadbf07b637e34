using System.Text.Json.Serialization;

namespace CertVerify.Web.Certificates;

/// <summary>An invalid field of a bulk issue's row (from 1, data rows only); <c>line</c> is where the row starts in a CSV file.</summary>
public sealed record RowError(
    int Row, string Field, string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line = null);
