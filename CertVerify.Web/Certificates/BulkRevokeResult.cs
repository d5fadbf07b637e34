using CertVerify.Web.Auth;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Verification;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

public sealed record BulkRevokeResult(int Revoked, int AlreadyRevoked, IReadOnlyList<Guid> NotFound);
