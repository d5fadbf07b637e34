using System.Text.Json;

namespace CertVerify.Web.Audit;

public sealed record AuditEntryView(
    long Id, DateTimeOffset At, Guid? ActorId, string? ActorEmail, string Action, string? Target, string? ClientIp,
    string InstanceId, JsonDocument? Detail);
