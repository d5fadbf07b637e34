using CertVerify.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CertVerify.Tests.Telemetry;

/// <summary>
/// The log levels of the replicas' own appsettings.json. Every HTTP client, the OTLP exporter's included, runs through
/// the standard resilience handler, whose Polly pipeline logs two Information lines per call: each telemetry export
/// logged lines that the next export carried, so an idle replica never fell quiet.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class ReplicaLogLevelsTests : IDisposable
{
    private readonly ILoggerFactory _loggers = LoggerFactory.Create(logging => logging
        .AddConfiguration(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot.Path, "CertVerify.Web", "appsettings.json"))
            .Build()
            .GetSection("Logging"))
        // The replicas' console provider: levels are asked of a provider, and nothing is written here.
        .AddConsole());

    [Fact]
    public void Resilience_pipelines_log_only_what_went_wrong()
    {
        var polly = _loggers.CreateLogger("Polly");

        Assert.False(polly.IsEnabled(LogLevel.Information), "a successful call through a resilience pipeline is not news");
        Assert.True(polly.IsEnabled(LogLevel.Warning), "retries and handled failures still show");
    }

    [Fact]
    public void The_replicas_own_information_still_shows()
    {
        Assert.True(_loggers.CreateLogger("CertVerify.Web.Verification.IssuedCodeFilter").IsEnabled(LogLevel.Information));
    }

    public void Dispose() => _loggers.Dispose();
}
