using System.Text.Json;
using CertVerify.Web.Hosting;
using Microsoft.Net.Http.Headers;

namespace CertVerify.Web.Certificates;

/// <summary>
/// The rows of a bulk issue body, read according to its content type, or why the body as a whole is refused (the
/// field and reason of a 400).
/// </summary>
public sealed record BulkInput(IReadOnlyList<ReadRow> Rows, (string Field, string Error)? Refusal = null)
{
    private static readonly BulkRow NoFields = new(null, null, null, null, null, null, null, null);

    public static BulkInput Refused(string field, string error) => new([], (field, error));

    /// <summary>
    /// A JSON array of rows, a CSV file as the raw body, or a CSV file uploaded as the one file of a form (as browsers
    /// send it). Another content type throws the 415 that model binding would.
    /// </summary>
    public static async Task<BulkInput> ReadAsync(HttpRequest request, JsonSerializerOptions json, CancellationToken ct)
    {
        if (request.HasJsonContentType())
        {
            return await ReadJsonAsync(request, json, ct);
        }

        MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType);
        return contentType?.MediaType.Value?.ToLowerInvariant() switch
        {
            "text/csv" => await BulkCsv.ReadAsync(request.Body, ct),
            "multipart/form-data" => await ReadUploadAsync(request, ct),
            _ => throw new BadHttpRequestException(
                "Send a JSON array (application/json), a CSV file (text/csv) or a form with one CSV file (multipart/form-data).",
                StatusCodes.Status415UnsupportedMediaType),
        };
    }

    private static async Task<BulkInput> ReadJsonAsync(HttpRequest request, JsonSerializerOptions json, CancellationToken ct)
    {
        var rows = await request.ReadJsonBodyAsync<List<BulkRow?>>(json, "The body is not a JSON array of rows.", ct);
        return new BulkInput((rows ?? []).Select(row => new ReadRow(row ?? NoFields, null, [])).ToList());
    }

    // The file part's own content type is not checked: browsers label .csv files differently (Excel's among them).
    private static async Task<BulkInput> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        // A malformed form is an InvalidDataException, one cut short an IOException. BadHttpRequestException is an
        // IOException too, but it already carries its answer (413 for an oversized body).
        catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException))
        {
            return Refused("body", $"The form could not be read: {e.Message}");
        }

        if (form.Files.Count != 1)
        {
            return Refused("file", "Upload exactly one CSV file.");
        }

        await using var file = form.Files[0].OpenReadStream();
        return await BulkCsv.ReadAsync(file, ct);
    }
}
