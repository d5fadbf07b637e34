using CertVerify.Web.Accounts;
using CertVerify.Web.Data;

namespace CertVerify.Web.Certificates;

public sealed class Certificate : IChangeNotifying
{
    string IChangeNotifying.ChangeKey => Code;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Canonical public code (see <see cref="CertificateCode"/>): unique, never reused.</summary>
    public required string Code { get; set; }

    public required string RecipientName { get; set; }

    public string? RecipientEmail { get; set; }

    /// <summary>Upper-cased recipient email, matched against accounts so recipients see their certificates.</summary>
    public string? NormalizedRecipientEmail { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public Guid? TemplateId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Expiry is computed from the clock when verifying, never written back.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public CertificateStatus Status { get; set; }

    public DateTimeOffset? StatusChangedAt { get; set; }

    public string? StatusReason { get; set; }

    public Guid? StatusChangedBy { get; set; }

    /// <summary>Suspended by an Admin: only an Admin lifts it, not the Staff member who issued it.</summary>
    public bool SuspendedByAdmin { get; set; }

    public Guid IssuedBy { get; set; }

    public User? Issuer { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public Guid? BatchId { get; set; }

    /// <summary>The Bitstring Status List this certificate's credential points to, and its random index in it.</summary>
    public int StatusList { get; set; }

    public int StatusIndex { get; set; }

    /// <summary>Whether the recipient is emailed about it (when issued); the issuer decides.</summary>
    public bool Notify { get; set; } = true;

    /// <summary>Whether the recipient lists it publicly (the recipient decides).</summary>
    public bool IsPublic { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
