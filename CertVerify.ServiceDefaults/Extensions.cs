using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

// Adds common Aspire services: service discovery, resilience, health checks, and OpenTelemetry.
// This project should be referenced by each service project in your solution.
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Meters and activity sources the services add themselves; exported with the built-in ones.</summary>
    public const string CertVerifyTelemetryName = "CertVerify";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// The name of this replica: <c>INSTANCE_ID</c> when the orchestrator sets one (web-1 ... web-N),
    /// otherwise the container or host name, so that every replica is still told apart.
    /// </summary>
    public static string GetInstanceId(this IConfiguration configuration) =>
        configuration["INSTANCE_ID"] is { Length: > 0 } id ? id
        : configuration["CONTAINER_APP_REPLICA_NAME"] is { Length: > 0 } replica ? replica
        : Environment.MachineName;

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var instanceId = builder.Configuration.GetInstanceId();

        builder.Services.AddOptions<TraceSamplingOptions>().BindConfiguration(TraceSamplingOptions.SectionName)
            .Validate(TraceSamplingOptions.IsValid, TraceSamplingOptions.Requirement)
            .ValidateOnStart();
        // A singleton, so that its timer is disposed with the application.
        builder.Services.AddSingleton(services => new CappedTraceSampler(
            services.GetRequiredService<IOptions<TraceSamplingOptions>>().Value, services.GetRequiredService<IMeterFactory>()));

        builder.Services.AddOpenTelemetry()
            // Every log, metric and span names the replica that produced it.
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName,
                serviceInstanceId: instanceId,
                autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(CertVerifyTelemetryName);
            })
            .WithTracing(tracing =>
            {
                tracing.SetSampler(services => services.GetRequiredService<CappedTraceSampler>())
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource(CertVerifyTelemetryName)
                    .AddAspNetCoreInstrumentation(options =>
                        // Probes are polled constantly; tracing them only buries real requests.
                        options.Filter = context =>
                            !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                            && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                    .AddHttpClientInstrumentation();
            });

        builder.AddOpenTelemetryExporters();

        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            // Add a default liveness check to ensure app is responsive
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        // The report a probe gets is at most a second old (CachedHealthCheckService says why).
        var checks = builder.Services.Last(d => d.ServiceType == typeof(HealthCheckService));
        builder.Services.Remove(checks);
        builder.Services.AddSingleton<HealthCheckService>(services => new CachedHealthCheckService(
            (HealthCheckService)ActivatorUtilities.CreateInstance(services, checks.ImplementationType!),
            services.GetService<TimeProvider>() ?? TimeProvider.System));

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: every check passes) and <c>/alive</c> (live: the process answers).
    /// Both are mapped in every environment because Nginx, the orchestrator and container platforms probe them;
    /// they answer with a status word only, never details, and only to GET (probes get; any other method is 405).
    /// They short-circuit at routing: what the pipeline does after routing (authentication, CSRF, rate limits,
    /// authorization) has nothing to say to an anonymous probe, and a probe should cost little more than the hop.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteStatusOnly })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .DisableHttpMetrics()
            .AllowAnonymous()
            .ShortCircuit();

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = WriteStatusOnly,
        }).WithMetadata(new HttpMethodMetadata([HttpMethods.Get])).DisableHttpMetrics().AllowAnonymous().ShortCircuit();

        return app;
    }

    private static Task WriteStatusOnly(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(report.Status.ToString());
    }
}
