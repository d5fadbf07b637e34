using System.Globalization;
using System.Text;
using CsvHelper;

namespace CertVerify.Web.Certificates;

/// <summary>
/// Bulk rows from a CSV file: RFC 4180, comma separated, UTF-8 with or without a byte order mark, a header row first.
/// Header names are matched ignoring case and surrounding whitespace, and <c>meta.&lt;key&gt;</c> columns become
/// metadata. Whatever would silently lose or garble data refuses the whole file: an unknown, missing or repeated
/// column, bytes that are not UTF-8, a NUL character, broken quoting, or a record with more or fewer fields than the
/// header. A date that is not ISO 8601 rejects only its row, like any other invalid field.
/// </summary>
public static class BulkCsv
{
    public const string MetadataPrefix = "meta.";

    /// <summary>The columns besides <c>meta.*</c>, in the order of the template.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["recipientName", "recipientEmail", "title", "description", "issuedAt", "expiresAt", "template"];

    private static readonly string[] RequiredColumns = ["recipientName", "title"];

    /// <summary>
    /// The downloadable template: the header and one example row that is valid as it is. It starts with a byte order
    /// mark so that spreadsheet programs open it, and save it again, as UTF-8.
    /// </summary>
    public static readonly byte[] Template = Encoding.UTF8.GetBytes(
        "\uFEFF" + string.Join(',', Columns) + "," + MetadataPrefix + "grade\r\n"
        + "Ada Lovelace,ada@example.com,Analytical Engines 101,Completed the course with distinction,2026-01-31,2028-01-31,,A\r\n");

    // Invalid bytes throw instead of becoming U+FFFD. StreamReader's own byte order mark detection stays off: on a UTF-8
    // mark it switches to a lenient decoder. Instead the encoding declares the mark as its preamble, which StreamReader
    // then skips when the file starts with it.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    private static readonly CsvReaderOptions Options = new()
    {
        Separator = ',', // never guessed from the data
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Throw,
    };

    // ISO 8601 only: a locale's 01/02/2026 is ambiguous.
    private static readonly string[] DateFormats =
        ["yyyy'-'MM'-'dd", "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK", "yyyy'-'MM'-'dd'T'HH':'mmK"];

    /// <summary>The rows of the file, or why it was refused. Reading stops one row past <see cref="BulkIssuer.MaxRows"/>.</summary>
    public static async Task<BulkInput> ReadAsync(Stream body, CancellationToken ct)
    {
        try
        {
            await using var csv = CsvReader.Create(
                new StreamReader(body, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: -1, leaveOpen: true), Options);
            await csv.ReadHeaderAsync(ct);
            if (csv.Headers.Count == 0)
            {
                return new BulkInput([]); // an empty file is refused as having no rows, like an empty JSON array
            }

            if (Layout.Check(csv.Headers) is { } headerError)
            {
                return BulkInput.Refused("header", headerError);
            }

            var layout = new Layout(csv.Headers);
            var rows = new List<ReadRow>();
            while (rows.Count <= BulkIssuer.MaxRows && await csv.ReadAsync(ct))
            {
                if (csv.RawRecord.Contains((byte)0))
                {
                    return BulkInput.Refused("body", $"Line {csv.LineNumber}: NUL characters are not allowed.");
                }

                rows.Add(layout.Read(csv));
            }

            return new BulkInput(rows);
        }
        catch (CsvFormatException e)
        {
            return BulkInput.Refused("body", e.Message); // names the line
        }
        catch (DecoderFallbackException)
        {
            return BulkInput.Refused("body", "The file is not UTF-8 text. Save it as CSV UTF-8.");
        }
    }

    /// <summary>Which column of the file holds which field.</summary>
    private sealed class Layout
    {
        private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<(string Key, int Index)> _metadata = [];

        /// <summary>For a header that <see cref="Check"/> accepted.</summary>
        public Layout(IReadOnlyList<string> header)
        {
            for (var i = 0; i < header.Count; i++)
            {
                var name = header[i].Trim();
                if (MetadataKey(name) is { } key)
                {
                    _metadata.Add((key, i));
                }
                else
                {
                    _columns[name] = i;
                }
            }
        }

        /// <summary>Why the header cannot be read, or null when it can.</summary>
        public static string? Check(IReadOnlyList<string> header)
        {
            var names = header.Select(h => h.Trim()).ToList();
            var unknown = names.Where(n => MetadataKey(n) is null && !Columns.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                return $"Unknown columns: {Quoted(unknown)}. The columns are {string.Join(", ", Columns)} and {MetadataPrefix}<key>.";
            }

            var repeated = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (repeated.Count > 0)
            {
                return $"Repeated columns: {Quoted(repeated)}.";
            }

            var missing = RequiredColumns.Where(r => !names.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            return missing.Count > 0 ? $"Missing required columns: {Quoted(missing)}." : null;
        }

        public ReadRow Read(CsvReader csv)
        {
            var errors = new List<(string Field, string Error)>();
            var metadata = _metadata.Select(m => (m.Key, Value: Cell(csv, m.Index)))
                .Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value!);
            var row = new BulkRow(
                Cell(csv, "recipientName"), Cell(csv, "recipientEmail"), Cell(csv, "title"), Cell(csv, "description"),
                Date(Cell(csv, "issuedAt"), "issuedAt", errors), Date(Cell(csv, "expiresAt"), "expiresAt", errors),
                Cell(csv, "template"), metadata.Count > 0 ? metadata : null);
            return new ReadRow(row, (int)csv.LineNumber, errors);
        }

        private string? Cell(CsvReader csv, string column) => _columns.TryGetValue(column, out var index) ? Cell(csv, index) : null;

        // A blank cell is an absent value, as a missing property is in JSON.
        private static string? Cell(CsvReader csv, int index)
        {
            var value = csv.GetString(index);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        private static string? MetadataKey(string name) =>
            name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase) && name[MetadataPrefix.Length..].Trim() is { Length: > 0 } key
                ? key
                : null;

        private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
    }

    /// <summary>A date without a time is midnight UTC, and a time without an offset is UTC.</summary>
    private static DateTimeOffset? Date(string? value, string field, List<(string Field, string Error)> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        errors.Add((field, "Not an ISO 8601 date: use 2026-01-31 or 2026-01-31T10:00:00Z."));
        return null;
    }
}
