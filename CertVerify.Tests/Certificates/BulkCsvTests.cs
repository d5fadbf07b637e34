using System.Text;
using CertVerify.Web.Certificates;

namespace CertVerify.Tests.Certificates;

/// <summary>
/// A bulk CSV file read into rows, without a server: quoting, line breaks, encodings, columns, dates, and every reason
/// to refuse a whole file. The bulk API's tests check what it answers for them.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class BulkCsvTests
{
    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Fact]
    public async Task Rows_keep_quoted_commas_quotes_line_breaks_and_unicode_with_the_line_each_starts_on()
    {
        // Header names in any case and padded; a quoted value with a comma, doubled quotes and a line break (so row 1
        // spans lines 2-3); CRLF and LF line ends mixed; a byte order mark.
        var csv = " RecipientName ,title,meta.grade,issuedAt,expiresAt,TEMPLATE,description\r\n"
            + "\"Zoë, \"\"the\"\" Ünïcødé\",Course A,A,2026-01-31,,my template,\"Line one\nline two\"\r\n"
            + "李小龍,Course A,B,2026-01-31T10:00:00+02:00,2027-01-31T10:00:00Z,,\n"
            + "مريم,Course A,,,,,\r\n"
            + "Bad date,Course A,,31/01/2026,,,\r\n"
            + ",Course A,,2026-05-01T10:00Z,tomorrow,,\r\n";

        var input = await ReadAsync([.. Bom, .. Encoding.UTF8.GetBytes(csv)]);

        Assert.Null(input.Refusal);
        Assert.Equal([2, 4, 5, 6, 7], input.Rows.Select(r => r.Line));
        var zoe = input.Rows[0].Row;
        Assert.Equal("Zoë, \"the\" Ünïcødé", zoe.RecipientName);
        Assert.Equal("Line one\nline two", zoe.Description);
        Assert.Equal("my template", zoe.Template);
        Assert.Equal("A", zoe.Metadata!["grade"]);
        Assert.Equal(DateTimeOffset.Parse("2026-01-31T00:00:00Z"), zoe.IssuedAt); // a date alone is midnight UTC
        Assert.Null(zoe.ExpiresAt); // a blank cell is an absent value
        var bruce = input.Rows[1].Row;
        Assert.Equal(DateTimeOffset.Parse("2026-01-31T08:00:00Z"), bruce.IssuedAt);
        Assert.Equal(DateTimeOffset.Parse("2027-01-31T10:00:00Z"), bruce.ExpiresAt);
        Assert.Equal("مريم", input.Rows[2].Row.RecipientName);
        Assert.Null(input.Rows[2].Row.Metadata); // an empty meta cell adds no key
        Assert.All(input.Rows.Take(3), r => Assert.Empty(r.Errors));

        // A date that is not ISO 8601 rejects only its row's field; the other checks are the API's.
        Assert.Equal(["issuedAt"], input.Rows[3].Errors.Select(e => e.Field));
        Assert.Null(input.Rows[3].Row.IssuedAt);
        Assert.Null(input.Rows[4].Row.RecipientName);
        Assert.Equal(DateTimeOffset.Parse("2026-05-01T10:00:00Z"), input.Rows[4].Row.IssuedAt);
        Assert.Equal(["expiresAt"], input.Rows[4].Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task The_downloadable_template_reads_as_one_complete_row()
    {
        var input = await ReadAsync(BulkCsv.Template);

        var row = Assert.Single(input.Rows);
        Assert.Empty(row.Errors);
        Assert.Equal("Ada Lovelace", row.Row.RecipientName);
        Assert.Equal("A", row.Row.Metadata!["grade"]);
        Assert.Equal([.. BulkCsv.Columns, "meta.grade"], Encoding.UTF8.GetString(BulkCsv.Template.AsSpan(Bom.Length)).Split("\r\n")[0].Split(','));
    }

    [Theory]
    [InlineData("recipientName,title\r\n")]
    [InlineData("")]
    public async Task A_file_without_rows_reads_as_none_for_the_api_to_refuse(string csv)
    {
        var input = await ReadAsync(Encoding.UTF8.GetBytes(csv));

        Assert.Null(input.Refusal);
        Assert.Empty(input.Rows);
    }

    public static TheoryData<string, byte[], string, string> UnreadableFiles => new()
    {
        // what, the file, the field refused, a text the reason must contain
        { "unknown column", Encoding.UTF8.GetBytes("recipentName,title\r\nAda,Course\r\n"), "header", "'recipentName'" },
        { "missing required column", Encoding.UTF8.GetBytes("recipientName,description\r\nAda,Course\r\n"), "header", "'title'" },
        { "repeated column", Encoding.UTF8.GetBytes("recipientName,title,Title\r\nAda,Course,Course\r\n"), "header", "'title'" },
        { "unterminated quote", Encoding.UTF8.GetBytes("recipientName,title\r\nAda,Course\r\n\"Bob,Course\r\nCy,Course\r\n"), "body", "line 3" },
        { "more fields than the header", Encoding.UTF8.GetBytes("recipientName,title\r\nAda,Course,extra\r\n"), "body", "line 2" },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("recipientName,title\r\nZo"), 0xEB, .. Encoding.UTF8.GetBytes(",Course\r\n")], "body", "UTF-8" },
        { "invalid UTF-8 after a BOM", [.. Bom, .. Encoding.UTF8.GetBytes("recipientName,title\r\nZo"), 0xEB, .. Encoding.UTF8.GetBytes(",Course\r\n")], "body", "UTF-8" },
        { "NUL character", Encoding.UTF8.GetBytes("recipientName,title\r\nA\0da,Course\r\n"), "body", "NUL" },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task A_file_that_cannot_be_read_as_it_is_is_refused_whole_saying_why(string what, byte[] file, string field, string says)
    {
        var input = await ReadAsync(file);

        Assert.Empty(input.Rows);
        var (refused, reason) = Assert.IsType<(string, string)>(input.Refusal);
        Assert.Equal(field, refused);
        Assert.True(reason.Contains(says, StringComparison.OrdinalIgnoreCase), $"{what}: {reason}");
    }

    private static async Task<BulkInput> ReadAsync(byte[] file)
    {
        using var stream = new MemoryStream(file);
        return await BulkCsv.ReadAsync(stream, CancellationToken.None);
    }
}
