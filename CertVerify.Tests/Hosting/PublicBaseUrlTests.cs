using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace CertVerify.Tests.Hosting;

/// <summary>
/// Outside Development a replica refuses to start without <c>Certificates:PublicBaseUrl</c> (or with one that is not an
/// origin), before it touches the database: nothing public may be built from a request's Host.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class PublicBaseUrlTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("verify.example.org")]
    [InlineData("ftp://verify.example.org")]
    [InlineData("https://verify.example.org/certificates")]
    [InlineData("https://verify.example.org/?x=1")]
    public void A_replica_outside_Development_refuses_to_start_without_a_public_base_url(string? publicBaseUrl)
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
        });

        var refusal = Assert.ThrowsAny<Exception>(() => factory.Server);
        var validation = Causes(refusal).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, refusal.ToString());
        Assert.Contains("Certificates:PublicBaseUrl is required", validation.Message);
    }

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }
}
