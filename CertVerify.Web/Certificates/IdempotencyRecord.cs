
namespace CertVerify.Web.Certificates;

/// <summary>
/// An <c>Idempotency-Key</c> a caller sent with an issue request, kept 24 hours in PostgreSQL (shared by every
/// replica): the same key and body give back the same certificate, the same key with another body is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The request header that carries the key; also the field named when the key is refused.</summary>
    public const string Header = "Idempotency-Key";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    public const int MaxKeyLength = 200;

    public Guid UserId { get; set; }

    public required string Key { get; set; }

    public required byte[] RequestHash { get; set; }

    public Guid CertificateId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
