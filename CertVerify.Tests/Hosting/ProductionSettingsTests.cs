extern alias AppHost;

using AppHost::CertVerify.AppHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace CertVerify.Tests.Hosting;

/// <summary>
/// Outside Development a replica refuses to start, before it touches the database, without
/// <c>Certificates:PublicBaseUrl</c> (or with one that is not an origin: nothing public may be built from a request's
/// Host) and without <c>DataProtection:Certificate</c> (the key ring is never stored unencrypted).
/// </summary>
[Trait("Tier", "Unit")]
public sealed class ProductionSettingsTests
{
    private static readonly string Certificate = DevelopmentCertificateDefault.Create();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("verify.example.org")]
    [InlineData("ftp://verify.example.org")]
    [InlineData("https://verify.example.org/certificates")]
    [InlineData("https://verify.example.org/?x=1")]
    public void A_replica_outside_Development_refuses_to_start_without_a_public_base_url(string? publicBaseUrl)
    {
        var refusal = StartInProduction(publicBaseUrl, Certificate);

        Assert.Contains("Certificates:PublicBaseUrl is required", refusal.Message);
    }

    [Fact]
    public void A_replica_outside_Development_refuses_to_start_without_a_key_protection_certificate()
    {
        var refusal = StartInProduction("https://verify.example.org", certificate: null);

        Assert.Contains("DataProtection:Certificate is required", refusal.Message);
    }

    /// <summary>Starts a Production replica with these settings and returns the settings' refusal.</summary>
    private static OptionsValidationException StartInProduction(string? publicBaseUrl, string? certificate)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            // Nothing listens there: reaching the database would fail differently.
            web.UseSetting("ConnectionStrings:certverify", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1");
            web.UseSetting("ConnectionStrings:redis", "127.0.0.1:1,abortConnect=false,connectTimeout=100");
            if (publicBaseUrl is not null)
            {
                web.UseSetting("Certificates:PublicBaseUrl", publicBaseUrl);
            }

            if (certificate is not null)
            {
                web.UseSetting("DataProtection:Certificate", certificate);
            }
        });

        var refusal = Assert.ThrowsAny<Exception>(() => factory.Server);
        var validation = Causes(refusal).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, refusal.ToString());
        return validation;
    }

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }
}
