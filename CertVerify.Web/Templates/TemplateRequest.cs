using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace CertVerify.Web.Templates;

public sealed record TemplateRequest(
    [Required, StringLength(TemplateLimits.NameLength, MinimumLength = 1)] string Name,
    [StringLength(TemplateLimits.DescriptionLength)] string? Description,
    JsonElement? Design,
    bool? Active,
    [Range(0, TemplateLimits.MaxReminderDays)] int? ReminderDaysBeforeExpiry = null);
