using System.Text.Json.Serialization;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Certificates;

/// <summary>What a verification says of a certificate (<c>valid</c>, <c>not_found</c>, ... in JSON and the log).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<VerificationStatus>))]
public enum VerificationStatus
{
    Valid,
    Expired,
    Suspended,
    Revoked,
    NotFound,

    /// <summary>A presented credential that does not verify (signature, key, validity window or status entry).</summary>
    Invalid,
}
