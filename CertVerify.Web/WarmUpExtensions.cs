using System.Diagnostics;
using CertVerify.Documents;
using CertVerify.Web.Verification;

namespace CertVerify.Web;

/// <summary>
/// The first-time work of the paths a replica serves most, done before it listens, so that the first visitors after a
/// start or a deployment do not pay for it (eng/bench/cold-start.sh measures it): the verification lookup through both
/// cache levels and EF Core, and the document renderer loading its fonts and native libraries. It writes nothing but
/// a cached "not found" for a code that cannot exist.
/// </summary>
public static class WarmUpExtensions
{
    public static async Task WarmUpAsync(this WebApplication app)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await app.Services.GetRequiredService<VerificationCache>().WarmUpAsync(app.Lifetime.ApplicationStopping);
            app.Services.GetRequiredService<CertificateRenderer>().WarmUp();
            app.Logger.LogInformation("Warmed up in {Milliseconds} ms", clock.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only a head start: the first requests do the same work if it could not be done now.
            app.Logger.LogWarning(ex, "Warming up failed after {Milliseconds} ms", clock.ElapsedMilliseconds);
        }
    }
}
