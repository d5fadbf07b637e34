using System.Text.Json;

namespace CertVerify.Web.Audit;

/// <summary>One state change or security event. Append-only: the database refuses updates and deletes.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? ActorId { get; set; }

    public string? ActorEmail { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? ClientIp { get; set; }

    public required string InstanceId { get; set; }

    public JsonDocument? Detail { get; set; }
}
