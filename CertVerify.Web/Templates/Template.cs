using CertVerify.Web.Data;

namespace CertVerify.Web.Templates;

/// <summary>How certificates look: a name, and a design (layout boxes, styling, orientation) kept as given.</summary>
public sealed class Template : IChangeNotifying
{
    string IChangeNotifying.ChangeKey => Id.ToString();

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    /// <summary>Upper-cased name: names are unique regardless of case, since bulk issue refers to templates by name.</summary>
    public required string NormalizedName { get; set; }

    public string? Description { get; set; }

    /// <summary>The design JSON as the client sent it, unknown keys included (stored as PostgreSQL <c>json</c>, which keeps text).</summary>
    public required string Design { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>How many days before a certificate's expiry its recipient is reminded; null: never (RecipientMail/ExpiryMailQueue).</summary>
    public int? ReminderDaysBeforeExpiry { get; set; }

    public Guid CreatedBy { get; set; }

    /// <summary>
    /// Who may change or delete it besides Admins: its creator. Null for a template whose creator was unknown when
    /// owners were introduced: only Admins change it.
    /// </summary>
    public Guid? OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
