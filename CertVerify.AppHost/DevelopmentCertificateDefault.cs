using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace CertVerify.AppHost;

/// <summary>
/// A self-signed RSA certificate (PFX, base64, no password) that encrypts the replicas' Data Protection key ring when
/// running locally; persisted in the AppHost's user secrets, so keys stay readable from one run to the next.
/// Never published: a deployment supplies its own certificate.
/// </summary>
public sealed class DevelopmentCertificateDefault : ParameterDefault
{
    public override string GetDefaultValue() => Create();

    public override void WriteToManifest(ManifestPublishingContext context) =>
        throw new InvalidOperationException("The development key-protection certificate is never published.");

    public static string Create()
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=CertVerify key protection (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    }
}
