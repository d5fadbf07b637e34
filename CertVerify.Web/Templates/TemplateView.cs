using System.Text.Json;

namespace CertVerify.Web.Templates;

public sealed record TemplateView(Guid Id, string Name, string? Description, JsonElement Design, bool Active,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TemplateView From(Template t) =>
        new(t.Id, t.Name, t.Description, JsonDocument.Parse(t.Design).RootElement.Clone(), t.Active, t.CreatedAt, t.UpdatedAt);
}
