using CertVerify.Web.Hosting;

namespace CertVerify.Web.Certificates;

[System.Text.Json.Serialization.JsonConverter(typeof(SnakeCaseEnumConverter<CertificateStatus>))]
public enum CertificateStatus
{
    Active,
    Suspended,
    Revoked,
}
