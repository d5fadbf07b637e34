using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace CertVerify.Web.Hosting;

/// <summary>
/// JSON rules for every request body: enums by name only, every date in UTC (PostgreSQL stores instants), no
/// NUL characters in text (PostgreSQL cannot store them) and no property given twice (one reader takes the first,
/// another the last: whatever checked the body may not have seen what is stored). A violation is a JsonException,
/// answered as a 400 naming the field.
/// </summary>
public static class JsonInputs
{
    public static IServiceCollection AddStrictJsonInputs(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.Converters.Add(new EnumsByName());
            options.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
            options.SerializerOptions.Converters.Add(new NoNulStringConverter());
        });

    // ASCII is a subset of UTF-8, so a body declared as ASCII reads the same.
    private static readonly HashSet<string> Utf8Compatible = new(["utf-8", "utf8", "us-ascii", "ascii"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Rejects, before anything tries to store or look them up, paths and query strings carrying NUL characters and
    /// bodies in a charset other than UTF-8.
    /// </summary>
    public static IApplicationBuilder UseInputRejection(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.Value?.Contains('\0') == true
                || request.Query.Any(pair => pair.Key.Contains('\0') || pair.Value.Any(v => v?.Contains('\0') == true)))
            {
                await Problems.Field("query", "NUL characters are not allowed.").ExecuteAsync(context);
                return;
            }

            // Bodies are read as UTF-8 (JSON, CSV, JWTs); another declared charset would be misread, or make the
            // framework's JSON reader throw.
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
                && media.CharSet is { Length: > 0 } charset
                && !Utf8Compatible.Contains(charset.Trim('"')))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                    detail: $"Send the body in UTF-8, not '{charset}'.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>
    /// Reads a JSON body the endpoint parses itself; malformed JSON is thrown as model binding throws it, so
    /// <see cref="BadRequestExceptionHandler"/> answers 400 naming the field.
    /// </summary>
    public static async Task<T?> ReadJsonBodyAsync<T>(this HttpRequest request, JsonSerializerOptions options, string error, CancellationToken ct)
    {
        try
        {
            return await request.ReadFromJsonAsync<T>(options, ct);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException(error, StatusCodes.Status400BadRequest, e);
        }
    }

    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    private sealed class NoNulStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value?.Contains('\0') == true ? throw new JsonException("NUL characters are not allowed.") : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}
