extern alias AppHost;

using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DevelopmentCertificateDefault = AppHost::CertVerify.AppHost.DevelopmentCertificateDefault;
using Projects = AppHost::Projects;

namespace CertVerify.Tests.Support;

/// <summary>
/// The real AppHost started for a test run in host-process mode: ports the orchestrator chooses, passwords of its own,
/// data in a directory of its own that is deleted when it stops. Both tiers that need PostgreSQL and Redis get them
/// from here: the topology with its replicas and Nginx, the in-process tier alone (<c>Web:Replicas=0</c>).
/// </summary>
public sealed class TestAppHost : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly string _dataDirectory = Path.Combine("/var/tmp", "certverify-tests", Guid.NewGuid().ToString("N")[..12]);

    private TestAppHost()
    {
    }

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>
    /// Builds and starts the AppHost with <paramref name="settings"/> (its command-line arguments) and waits until every
    /// resource named in <paramref name="healthy"/> is. <paramref name="logging"/> receives the AppHost's logs, resource
    /// output forwarded by Aspire included.
    /// </summary>
    public static async Task<TestAppHost> StartAsync(
        IEnumerable<string> settings, IEnumerable<string> healthy, ILoggerProvider logging, Action<IDistributedApplicationTestingBuilder>? configure = null)
    {
        var host = new TestAppHost();
        try
        {
            await host.RunAsync(settings, healthy, logging, configure);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task RunAsync(
        IEnumerable<string> settings, IEnumerable<string> healthy, ILoggerProvider logging, Action<IDistributedApplicationTestingBuilder>? configure)
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CertVerify_AppHost>(
            [
                "--Infrastructure:Mode=HostProcesses",
                $"--Infrastructure:DataDirectory={_dataDirectory}",
                $"--Parameters:postgres-password={Guid.NewGuid():N}",
                $"--Parameters:redis-password={Guid.NewGuid():N}",
                $"--Parameters:admin-password={TestApplication.AdminPassword}",
                // Generated per run, as the AppHost generates one locally, without writing it to its user secrets.
                $"--Parameters:key-protection-certificate={DevelopmentCertificateDefault.Create()}",
                // Replicas live minutes here, not days: profile-guided re-compilation costs them a quarter of their CPU
                // in their first 100 s (measured: 29-32 s against 38-43 s for three) and pays off only in a long run.
                "--Web:Configuration:DOTNET_TieredPGO=0",
                .. settings,
            ],
            cts.Token).WaitAsync(StartTimeout);

        builder.Services.AddLogging(log => log
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("CertVerify.AppHost.Resources", LogLevel.Warning)
            // The AppHost's appsettings log at Information; every test request would otherwise print four lines.
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            // Dependencies are unhealthy until they have started; those expected failures only bury real ones.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddProvider(logging));
        configure?.Invoke(builder);

        App = await builder.BuildAsync(cts.Token).WaitAsync(StartTimeout);
        await App.StartAsync(cts.Token).WaitAsync(StartTimeout);
        foreach (var name in healthy)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, cts.Token).WaitAsync(StartTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            try
            {
                await App.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                // Disposal is best effort; the data directory below is removed either way.
            }
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
