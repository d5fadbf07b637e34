using System.Text.Json.Nodes;
using System.Text.Json;
using CertVerify.Documents;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Documents;
using CertVerify.Web.Templates;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// The template editor (<c>/console/templates/new</c> and <c>/console/templates/{id}</c>): form controls for the design
/// schema and the design JSON itself, kept in step by <c>wwwroot/js/template-editor.js</c>, which also asks
/// <c>POST /api/templates/preview</c> for the live preview. Saving posts to the templates API like any console form.
/// </summary>
public sealed class TemplateModel(CertVerifyDbContext db) : PageModel
{
    private static readonly Dictionary<string, string> FieldLabels = new()
    {
        ["issuer"] = "Issuer (your organisation's name)",
        ["title"] = "Title",
        ["awardedTo"] = "“Awarded to”",
        ["recipientName"] = "Recipient name",
        ["description"] = "Description",
        ["dates"] = "Dates",
        ["code"] = "Code",
        ["verifyUrl"] = "Verification link",
        ["qr"] = "QR code",
    };

    private static readonly JsonObject LandscapeDefaults = DocumentLayout.Default(portrait: false).ToDesign();

    /// <summary>What a design leaves out comes to, for each orientation: the controls show it as their placeholder.</summary>
    public static string DefaultsJson { get; } = new JsonObject
    {
        ["landscape"] = LandscapeDefaults,
        ["portrait"] = DocumentLayout.Default(portrait: true).ToDesign(),
    }.ToJsonString();

    /// <summary>The design's fields in the order they are printed, from the renderer's own defaults, with their labels.</summary>
    public static IReadOnlyList<(string Key, string Label)> Fields { get; } =
        LandscapeDefaults["fields"]!.AsObject().Select(f => (f.Key, FieldLabels.GetValueOrDefault(f.Key, f.Key))).ToList();

    public static string SampleRecipientName => TemplatePreviewApi.SampleRecipientName;

    public static string SampleTitle => TemplatePreviewApi.SampleTitle;

    public static string SampleDescription => TemplatePreviewApi.SampleDescription;

    public Guid? Id { get; private set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public bool Active { get; private set; } = true;

    public int? ReminderDaysBeforeExpiry { get; private set; }

    /// <summary>The design as stored: unknown keys and their order as the API keeps them.</summary>
    public string Design { get; private set; } = "{}";

    public int Certificates { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, bool saved = false, CancellationToken ct = default)
    {
        if (id is null)
        {
            return Page();
        }

        var template = await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return NotFound();
        }

        (Id, Name, Description, Active, Design, Saved) = (template.Id, template.Name, template.Description, template.Active, template.Design, saved);
        ReminderDaysBeforeExpiry = template.ReminderDaysBeforeExpiry;
        Certificates = await db.Certificates.CountAsync(c => c.TemplateId == id, ct);
        return Page();
    }

    public static bool IsQr(string field) => field == "qr";

    public static string ControlId(string path) => "design-" + path.Replace('.', '-');

    /// <summary>The stored design indented for reading, its keys, their order and its numbers as written.</summary>
    public static string Indented(string design)
    {
        using var document = JsonDocument.Parse(design);
        return JsonSerializer.Serialize(document.RootElement, IndentedJson);
    }

    // Relaxed escaping keeps non-ASCII text readable; Razor encodes the textarea's content for HTML anyway.
    private static readonly JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
