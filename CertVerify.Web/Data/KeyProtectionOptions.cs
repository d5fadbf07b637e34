using System.Security.Cryptography.X509Certificates;

namespace CertVerify.Web.Data;

/// <summary>The certificate that encrypts the Data Protection key ring at rest (section <c>DataProtection</c>).</summary>
public sealed class KeyProtectionOptions
{
    public const string SectionName = "DataProtection";

    public const string Requirement =
        "DataProtection:Certificate is required outside Development: a PKCS#12 (PFX) certificate with an RSA private key, base64-encoded, " +
        "that encrypts the Data Protection key ring in PostgreSQL (the AppHost parameter key-protection-certificate).";

    /// <summary>
    /// The PFX, base64, whose RSA key encrypts every new key of the ring. Required outside Development; in Development
    /// the AppHost generates one and keeps it in its user secrets. Without it (Development only) keys are stored unencrypted.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>The PFX's password, if it has one (also used for <see cref="PreviousCertificates"/>).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Certificates that encrypted keys before <see cref="Certificate"/> replaced them: still read, never used to encrypt.</summary>
    public List<string> PreviousCertificates { get; set; } = [];

    public bool HasCertificate => !string.IsNullOrWhiteSpace(Certificate);

    public X509Certificate2? Current() => Load(Certificate);

    /// <summary>Every certificate whose keys can be read: the current one and the previous ones.</summary>
    public X509Certificate2[] Readable() =>
        [.. new[] { Certificate }.Concat(PreviousCertificates).Select(Load).OfType<X509Certificate2>()];

    private X509Certificate2? Load(string? pfx)
    {
        if (string.IsNullOrWhiteSpace(pfx))
        {
            return null;
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pfx.Trim()), CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.GetRSAPrivateKey() is not null
                ? certificate
                : throw new InvalidOperationException($"{SectionName}: the certificate {certificate.Subject} has no RSA private key.");
        }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{SectionName}: a certificate is not a base64 PKCS#12 (PFX) file this password opens.", ex);
        }
    }
}
