using Microsoft.AspNetCore.DataProtection;

namespace CertVerify.Web.Data;

public static class KeyRingExtensions
{
    /// <summary>Every replica protects and reads data under this name, so a cookie made by one is valid on all.</summary>
    public const string ApplicationName = "CertVerify";

    /// <summary>
    /// The Data Protection key ring (session and antiforgery cookies, and the signing keys' private parts) lives in
    /// PostgreSQL, backed up with the data and surviving a Redis that lost everything, and each key is encrypted there
    /// with the configured certificate (<see cref="KeyProtectionOptions"/>; with <paramref name="requireCertificate"/>
    /// a replica refuses to start without one). Keys made under a previous certificate stay readable while it is listed.
    /// </summary>
    public static WebApplicationBuilder AddProtectedKeyRing(this WebApplicationBuilder builder, bool requireCertificate)
    {
        var section = builder.Configuration.GetSection(KeyProtectionOptions.SectionName);
        builder.Services.AddOptions<KeyProtectionOptions>().Bind(section)
            .Validate(options => !requireCertificate || options.HasCertificate, KeyProtectionOptions.Requirement)
            .ValidateOnStart();

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<CertVerifyDbContext>();
        var protection = section.Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        if (protection.Current() is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(protection.Readable());
        }

        return builder;
    }
}
