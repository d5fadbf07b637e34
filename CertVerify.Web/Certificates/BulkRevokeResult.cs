
namespace CertVerify.Web.Certificates;

public sealed record BulkRevokeResult(int Revoked, int AlreadyRevoked, IReadOnlyList<Guid> NotFound);
