using System.Diagnostics;

namespace CertVerify.AppHost.Infrastructure;

public static class InfrastructureModeExtensions
{
    public const string ConfigurationKey = "Infrastructure:Mode";
    public const string PublishDemoContainersKey = "Infrastructure:PublishDemoContainers";

    /// <summary>
    /// The mode to run in: the configured one, or containers when a runtime is healthy. Publishing always
    /// describes containers. Host-process mode fails at once, naming what to install, when binaries are missing.
    /// </summary>
    public static InfrastructureMode ResolveInfrastructureMode(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var configured = builder.Configuration[ConfigurationKey];
        var mode = string.IsNullOrWhiteSpace(configured)
            ? InfrastructureMode.Auto
            : Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var parsed)
                ? parsed
                : throw new DistributedApplicationException(
                    $"{ConfigurationKey} is '{configured}'; use Containers, HostProcesses or leave it unset to choose automatically.");

        if (mode == InfrastructureMode.Auto)
        {
            mode = ContainerRuntimeIsHealthy() ? InfrastructureMode.Containers : InfrastructureMode.HostProcesses;
        }

        if (mode == InfrastructureMode.HostProcesses)
        {
            HostBinaries.EnsureInstalled(builder.Configuration);
        }

        return mode;
    }

    /// <summary>
    /// Published, PostgreSQL and Redis are the operator's managed servers, given as connection strings the deployment
    /// asks for (secret parameters <c>certverify</c> and <c>redis</c>); <c>Infrastructure:PublishDemoContainers=true</c>
    /// publishes them as containers instead, for a demonstration only.
    /// </summary>
    public static bool PublishesExternalDataStores(this IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode && !builder.Configuration.GetValue<bool>(PublishDemoContainersKey);

    /// <summary>
    /// Data volumes only where they work: Azure Container Apps gives volumes an Azure Files (SMB) share, on which
    /// PostgreSQL's initdb fails; a published demo container keeps its data only as long as it runs.
    /// </summary>
    public static bool KeepsContainerDataVolumes(this IDistributedApplicationBuilder builder) => builder.ExecutionContext.IsRunMode;

    /// <summary>Asks the container runtime Aspire would use (docker unless ASPIRE_CONTAINER_RUNTIME says otherwise) whether its engine answers.</summary>
    private static bool ContainerRuntimeIsHealthy()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME")
            ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the runtime's client is not installed
        }
    }
}
