using System.Text.Json;
using SkiaSharp;

namespace CertVerify.Web.Documents;

public enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>
/// Where and how one text field is printed, in points from the page's top-left corner. <c>X</c> is the left edge,
/// centre or right edge of the text depending on <c>Align</c>; <c>Y</c> is the baseline of its first line; text wider
/// than <c>Width</c> wraps, and text longer than <c>MaxLines</c> lines is made smaller, then shortened with "…".
/// </summary>
public sealed record FieldStyle(float X, float Y, float Width, float Size, SKColor Color, TextAlign Align, int MaxLines, FontWeight Weight, bool Visible = true);

/// <summary>The QR code of the verification link: its top-left corner and side, in points.</summary>
public sealed record QrStyle(float X, float Y, float Size, bool Visible = true);

/// <summary>
/// The page design a template's <c>design</c> JSON may set; everything it leaves out (or gets wrong) takes the
/// default, so a design never stops a document from rendering. The schema:
/// <code>
/// {
///   "orientation": "landscape" | "portrait",          A4, 842 x 595 or 595 x 842 points; default landscape
///   "backgroundColor": "#RRGGBB", "accentColor": "#RRGGBB", "textColor": "#RRGGBB",   (#AARRGGBB too)
///   "border": true | false,                            the double frame in the accent colour; default true
///   "fields": {
///     "issuer" | "title" | "awardedTo" | "recipientName" | "description" | "dates" | "code" | "verifyUrl": {
///       "x", "y", "width", "size": points; "color": "#RRGGBB"; "align": "left" | "center" | "right";
///       "maxLines": 1-20; "bold": true | false; "visible": true | false
///     },
///     "qr": { "x", "y", "size": points; "visible": true | false }
///   }
/// }
/// </code>
/// Numbers out of range (off the page, sizes outside 4-144 pt) and values of the wrong type are ignored.
/// </summary>
public sealed record DocumentLayout(
    float Width, float Height, SKColor Background, SKColor Accent, SKColor Text, bool Border,
    FieldStyle Issuer, FieldStyle Title, FieldStyle AwardedTo, FieldStyle RecipientName, FieldStyle Description,
    FieldStyle Dates, FieldStyle Code, FieldStyle VerifyUrl, QrStyle Qr)
{
    public const float A4Long = 842;
    public const float A4Short = 595;

    private static readonly SKColor DefaultBackground = SKColors.White;
    private static readonly SKColor DefaultAccent = new(0x1F, 0x3A, 0x5F);
    private static readonly SKColor DefaultText = new(0x1A, 0x1A, 0x1A);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);

    public bool Portrait => Height > Width;

    public static DocumentLayout Default(bool portrait) => Defaults(portrait, DefaultAccent, DefaultText);

    private static DocumentLayout Defaults(bool portrait, SKColor accent, SKColor text)
    {
        var (w, h) = portrait ? (A4Short, A4Long) : (A4Long, A4Short);
        var center = w / 2;
        const float margin = 70, qr = 110;
        var wide = w - 2 * margin - 20;
        // What differs between the orientations: baselines, and the sizes, widths and line counts that follow the page's shape.
        var (issuerY, titleY, titleSize, titleLines, awardedY, nameY, nameSize, nameLines) =
            portrait ? (140f, 230f, 32f, 3, 360f, 410f, 32f, 2) : (100f, 165f, 34f, 2, 250f, 300f, 36f, 1);
        var (descriptionY, descriptionWidth, descriptionLines, datesY, footerWidth, codeY, codeSize, urlY, urlSize, urlLines) =
            portrait ? (490f, wide, 6, 680f, 300f, 722f, 14f, 742f, 8.5f, 2) : (345f, 600f, 4, 462f, 480f, 505f, 15f, 526f, 9.5f, 1);
        return new DocumentLayout(w, h, DefaultBackground, accent, text, Border: true,
            Issuer: new(center, issuerY, wide, 18, accent, TextAlign.Center, 1, FontWeight.Bold),
            Title: new(center, titleY, wide, titleSize, text, TextAlign.Center, titleLines, FontWeight.Bold),
            AwardedTo: new(center, awardedY, wide, 14, Muted, TextAlign.Center, 1, FontWeight.Regular),
            RecipientName: new(center, nameY, wide, nameSize, text, TextAlign.Center, nameLines, FontWeight.Bold),
            Description: new(center, descriptionY, descriptionWidth, 13, text, TextAlign.Center, descriptionLines, FontWeight.Regular),
            Dates: new(margin, datesY, footerWidth, 12, text, TextAlign.Left, 2, FontWeight.Regular),
            Code: new(margin, codeY, footerWidth, codeSize, text, TextAlign.Left, 1, FontWeight.Bold),
            VerifyUrl: new(margin, urlY, footerWidth, urlSize, Muted, TextAlign.Left, urlLines, FontWeight.Regular),
            Qr: new(w - margin - qr, h - margin - qr - 5, qr));
    }

    /// <summary>The layout a template's design asks for, on top of the defaults; the defaults for no template or unreadable JSON.</summary>
    public static DocumentLayout FromDesign(string? design)
    {
        if (string.IsNullOrWhiteSpace(design))
        {
            return Default(portrait: false);
        }

        try
        {
            using var document = JsonDocument.Parse(design);
            return document.RootElement.ValueKind == JsonValueKind.Object ? FromDesign(document.RootElement) : Default(portrait: false);
        }
        catch (JsonException)
        {
            return Default(portrait: false);
        }
    }

    private static DocumentLayout FromDesign(JsonElement design)
    {
        var portrait = String(design, "orientation") is { } orientation && orientation.Equals("portrait", StringComparison.OrdinalIgnoreCase);
        var accent = Color(design, "accentColor") ?? DefaultAccent;
        var text = Color(design, "textColor") ?? DefaultText;
        var layout = Defaults(portrait, accent, text) with
        {
            Background = Color(design, "backgroundColor") ?? DefaultBackground,
        };
        if (design.TryGetProperty("border", out var border) && border.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            layout = layout with { Border = border.GetBoolean() };
        }

        if (!design.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            return layout;
        }

        FieldStyle Field(string name, FieldStyle defaults) =>
            fields.TryGetProperty(name, out var field) && field.ValueKind == JsonValueKind.Object ? Apply(field, defaults, layout) : defaults;

        var qr = layout.Qr;
        if (fields.TryGetProperty("qr", out var qrField) && qrField.ValueKind == JsonValueKind.Object)
        {
            var size = Number(qrField, "size", 20, Math.Min(layout.Width, layout.Height)) ?? qr.Size;
            qr = new QrStyle(
                Number(qrField, "x", 0, layout.Width - size) ?? Math.Min(qr.X, layout.Width - size),
                Number(qrField, "y", 0, layout.Height - size) ?? Math.Min(qr.Y, layout.Height - size),
                size,
                Bool(qrField, "visible") ?? true);
        }

        return layout with
        {
            Issuer = Field("issuer", layout.Issuer),
            Title = Field("title", layout.Title),
            AwardedTo = Field("awardedTo", layout.AwardedTo),
            RecipientName = Field("recipientName", layout.RecipientName),
            Description = Field("description", layout.Description),
            Dates = Field("dates", layout.Dates),
            Code = Field("code", layout.Code),
            VerifyUrl = Field("verifyUrl", layout.VerifyUrl),
            Qr = qr,
        };
    }

    private static FieldStyle Apply(JsonElement field, FieldStyle defaults, DocumentLayout page) => new(
        Number(field, "x", 0, page.Width) ?? defaults.X,
        Number(field, "y", 0, page.Height) ?? defaults.Y,
        Number(field, "width", 10, page.Width) ?? defaults.Width,
        Number(field, "size", 4, 144) ?? defaults.Size,
        Color(field, "color") ?? defaults.Color,
        String(field, "align")?.ToLowerInvariant() switch
        {
            "left" => TextAlign.Left,
            "center" or "centre" => TextAlign.Center,
            "right" => TextAlign.Right,
            _ => defaults.Align,
        },
        (int?)Number(field, "maxLines", 1, 20) ?? defaults.MaxLines,
        Bool(field, "bold") is { } bold ? (bold ? FontWeight.Bold : FontWeight.Regular) : defaults.Weight,
        Bool(field, "visible") ?? defaults.Visible);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static float? Number(JsonElement element, string name, float min, float max) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
            && double.IsFinite(number) && number >= min && number <= max
            ? (float)number
            : null;

    private static SKColor? Color(JsonElement element, string name) =>
        String(element, name) is { Length: <= 9 } text && text.StartsWith('#') && SKColor.TryParse(text, out var color) ? color : null;
}
