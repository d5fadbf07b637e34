using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

[System.Text.Json.Serialization.JsonConverter(typeof(SnakeCaseEnumConverter<CertificateStatus>))]
public enum CertificateStatus
{
    Active,
    Suspended,
    Revoked,
}
