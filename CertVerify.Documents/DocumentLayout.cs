using System.Text.Json.Nodes;
using System.Text.Json;
using SkiaSharp;

namespace CertVerify.Documents;

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
/// Numbers out of range (off the page, sizes outside 4-144 pt) and values of the wrong type are ignored, so a design
/// never stops a document; the template editor's preview reports them instead.
/// </summary>
public sealed record DocumentLayout(
    float Width, float Height, SKColor Background, SKColor Accent, SKColor Text, bool Border,
    FieldStyle Issuer, FieldStyle Title, FieldStyle AwardedTo, FieldStyle RecipientName, FieldStyle Description,
    FieldStyle Dates, FieldStyle Code, FieldStyle VerifyUrl, QrStyle Qr)
{
    public const float A4Long = 842;
    public const float A4Short = 595;

    /// <summary>The page sizes a design may ask for.</summary>
    public static readonly string[] Orientations = ["landscape", "portrait"];

    private static readonly string[] Alignments = ["left", "center", "centre", "right"];
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
            return document.RootElement.ValueKind == JsonValueKind.Object ? FromDesign(document.RootElement, out _) : Default(portrait: false);
        }
        catch (JsonException)
        {
            return Default(portrait: false);
        }
    }

    /// <summary>
    /// The layout a design object asks for, and what it had to ignore: each known key whose value it could not use,
    /// by its path ("fields.title.size"), with what it should be. Unknown keys are the designer's and not reported.
    /// </summary>
    public static DocumentLayout FromDesign(JsonElement design, out IReadOnlyDictionary<string, string> ignored)
    {
        var reader = new DesignReader();
        ignored = reader.Ignored;
        var root = new Node(design, "");
        var portrait = reader.String(root, "orientation", Orientations) == "portrait";
        var accent = reader.Color(root, "accentColor") ?? DefaultAccent;
        var text = reader.Color(root, "textColor") ?? DefaultText;
        var layout = Defaults(portrait, accent, text) with
        {
            Background = reader.Color(root, "backgroundColor") ?? DefaultBackground,
            Border = reader.Bool(root, "border") ?? true,
        };
        if (reader.Object(root, "fields") is not { } fields)
        {
            return layout;
        }

        FieldStyle Field(string name, FieldStyle defaults) =>
            reader.Object(fields, name) is { } field ? Apply(reader, field, defaults, layout) : defaults;

        var qr = layout.Qr;
        if (reader.Object(fields, "qr") is { } qrField)
        {
            var size = reader.Number(qrField, "size", 20, Math.Min(layout.Width, layout.Height)) ?? qr.Size;
            qr = new QrStyle(
                reader.Number(qrField, "x", 0, layout.Width - size) ?? Math.Min(qr.X, layout.Width - size),
                reader.Number(qrField, "y", 0, layout.Height - size) ?? Math.Min(qr.Y, layout.Height - size),
                size,
                reader.Bool(qrField, "visible") ?? true);
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

    private static FieldStyle Apply(DesignReader reader, Node field, FieldStyle defaults, DocumentLayout page) => new(
        reader.Number(field, "x", 0, page.Width) ?? defaults.X,
        reader.Number(field, "y", 0, page.Height) ?? defaults.Y,
        reader.Number(field, "width", 10, page.Width) ?? defaults.Width,
        reader.Number(field, "size", 4, 144) ?? defaults.Size,
        reader.Color(field, "color") ?? defaults.Color,
        reader.String(field, "align", Alignments) switch
        {
            "left" => TextAlign.Left,
            "center" or "centre" => TextAlign.Center,
            "right" => TextAlign.Right,
            _ => defaults.Align,
        },
        (int?)reader.Number(field, "maxLines", 1, 20, whole: true) ?? defaults.MaxLines,
        reader.Bool(field, "bold") is { } bold ? (bold ? FontWeight.Bold : FontWeight.Regular) : defaults.Weight,
        reader.Bool(field, "visible") ?? defaults.Visible);

    /// <summary>
    /// The design as the schema writes it, every key set: what a design leaves out comes to. Colours as
    /// <c>#RRGGBB</c> (<c>#AARRGGBB</c> when not opaque).
    /// </summary>
    public JsonObject ToDesign()
    {
        static string Hex(SKColor c) => c.Alpha == 255 ? $"#{c.Red:X2}{c.Green:X2}{c.Blue:X2}" : $"#{c.Alpha:X2}{c.Red:X2}{c.Green:X2}{c.Blue:X2}";
        static JsonObject Field(FieldStyle f) => new()
        {
            ["x"] = f.X, ["y"] = f.Y, ["width"] = f.Width, ["size"] = f.Size, ["color"] = Hex(f.Color),
            ["align"] = f.Align.ToString().ToLowerInvariant(), ["maxLines"] = f.MaxLines, ["bold"] = f.Weight == FontWeight.Bold, ["visible"] = f.Visible,
        };

        return new JsonObject
        {
            ["orientation"] = Portrait ? "portrait" : "landscape",
            ["backgroundColor"] = Hex(Background),
            ["accentColor"] = Hex(Accent),
            ["textColor"] = Hex(Text),
            ["border"] = Border,
            ["fields"] = new JsonObject
            {
                ["issuer"] = Field(Issuer), ["title"] = Field(Title), ["awardedTo"] = Field(AwardedTo), ["recipientName"] = Field(RecipientName),
                ["description"] = Field(Description), ["dates"] = Field(Dates), ["code"] = Field(Code), ["verifyUrl"] = Field(VerifyUrl),
                ["qr"] = new JsonObject { ["x"] = Qr.X, ["y"] = Qr.Y, ["size"] = Qr.Size, ["visible"] = Qr.Visible },
            },
        };
    }

    /// <summary>A JSON object of the design and where it is ("fields.title"; "" for the design itself).</summary>
    private readonly record struct Node(JsonElement Element, string Path)
    {
        public string PathOf(string name) => Path.Length == 0 ? name : $"{Path}.{name}";
    }

    /// <summary>Reads values of a design, noting each present one it cannot use (wrong type, out of range) under its path.</summary>
    private sealed class DesignReader
    {
        private readonly Dictionary<string, string> _ignored = [];

        public IReadOnlyDictionary<string, string> Ignored => _ignored;

        public Node? Object(Node node, string name) =>
            Read(node, name, v => v.ValueKind == JsonValueKind.Object ? new Node(v, node.PathOf(name)) : (Node?)null, "must be an object");

        public string? String(Node node, string name, string[] allowed) =>
            Read(node, name, v => v.ValueKind == JsonValueKind.String && allowed.Contains(v.GetString()) ? v.GetString() : null,
                $"must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");

        public bool? Bool(Node node, string name) =>
            Read(node, name, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : (bool?)null, "must be true or false");

        public float? Number(Node node, string name, float min, float max, bool whole = false) =>
            Read(node, name,
                v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var number) && double.IsFinite(number)
                    && number >= min && number <= max && (!whole || Math.Floor(number) == number)
                    ? (float)number
                    : (float?)null,
                $"must be a {(whole ? "whole number" : "number")} from {min:0.##} to {max:0.##}");

        public SKColor? Color(Node node, string name) =>
            Read(node, name,
                v => v.ValueKind == JsonValueKind.String && v.GetString() is { Length: <= 9 } text && text.StartsWith('#') && SKColor.TryParse(text, out var color)
                    ? color
                    : (SKColor?)null,
                "must be a colour such as \"#1F3A5F\" (#RRGGBB, or #AARRGGBB with opacity)");

        private T? Read<T>(Node node, string name, Func<JsonElement, T?> read, string expected)
        {
            if (!node.Element.TryGetProperty(name, out var value))
            {
                return default;
            }

            var result = read(value);
            if (result is null)
            {
                _ignored[node.PathOf(name)] = $"{node.PathOf(name)} {expected}.";
            }

            return result;
        }
    }
}
