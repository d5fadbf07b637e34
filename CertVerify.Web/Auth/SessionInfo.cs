
namespace CertVerify.Web.Auth;

public sealed record SessionInfo(string SessionId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt,
    string? ClientIp, string? UserAgent, string? InstanceId);
