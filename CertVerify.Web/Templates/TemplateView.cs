using System.Text.Json;

namespace CertVerify.Web.Templates;

/// <param name="OwnerId">Who may change it besides Admins; null: Admins only.</param>
/// <param name="ReminderDaysBeforeExpiry">How many days before expiry recipients of its certificates are reminded; null: never.</param>
public sealed record TemplateView(Guid Id, string Name, string? Description, JsonElement Design, bool Active, Guid? OwnerId,
    int? ReminderDaysBeforeExpiry, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TemplateView From(Template t) =>
        new(t.Id, t.Name, t.Description, JsonDocument.Parse(t.Design).RootElement.Clone(), t.Active, t.OwnerId, t.ReminderDaysBeforeExpiry,
            t.CreatedAt, t.UpdatedAt);
}
