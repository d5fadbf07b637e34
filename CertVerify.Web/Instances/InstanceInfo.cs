
namespace CertVerify.Web.Instances;

public sealed record InstanceInfo(
    string InstanceId,
    string Host,
    string? Address,
    string Version,
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeat,
    long RequestsServed);
