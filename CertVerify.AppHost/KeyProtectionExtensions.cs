namespace CertVerify.AppHost;

public static class KeyProtectionExtensions
{
    /// <summary>The secret parameter holding the PFX (base64) that encrypts the Data Protection key ring.</summary>
    public const string ParameterName = "key-protection-certificate";

    /// <summary>
    /// Gives every replica the certificate that encrypts its Data Protection key ring in PostgreSQL
    /// (<c>DataProtection:Certificate</c>, which a replica outside Development refuses to start without). Locally a
    /// generated one, kept in the AppHost's user secrets; published, a secret parameter the deployment asks for.
    /// </summary>
    public static void WithKeyProtection(this IReadOnlyList<IResourceBuilder<ProjectResource>> web, IDistributedApplicationBuilder builder)
    {
        if (web.Count == 0)
        {
            return;
        }

        var certificate = builder.ExecutionContext.IsRunMode
            ? builder.AddParameter(ParameterName, new DevelopmentCertificateDefault(), secret: true, persist: true)
            : builder.AddParameter(ParameterName, secret: true);
        foreach (var replica in web)
        {
            replica.WithEnvironment("DataProtection__Certificate", certificate);
        }
    }
}
