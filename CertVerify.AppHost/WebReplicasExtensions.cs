using System.Globalization;
using System.Reflection;

namespace CertVerify.AppHost;

public static class WebReplicasExtensions
{
    public const string ReplicasKey = "Web:Replicas";
    public const int DefaultReplicas = 3;

    /// <summary>The share of requests traced: all of them locally, 1 in 10 in a published deployment, unless set.</summary>
    public const string TraceSampleRatioKey = "Web:TraceSampleRatio";

    /// <summary>AppHost settings under this section reach every replica as its own configuration (e.g. Web:Configuration:Database:MaxPoolSize=20).</summary>
    public const string ForwardedConfigurationSection = "Web:Configuration";

    /// <summary>
    /// In run mode, <c>Web:Replicas</c> separate resources web-1 ... web-N, each with its own port and INSTANCE_ID,
    /// so that Nginx (not Aspire's per-connection proxy) balances every request and each replica shows by name; none
    /// for 0, which leaves PostgreSQL and Redis alone (the in-process tests run the application themselves).
    /// When publishing, one service "web" whose replica count the platform scales.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddWebReplicas(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> database,
        IResourceBuilder<IResourceWithConnectionString> redis,
        IResourceBuilder<IResourceWithEndpoints> canonicalizer,
        IResourceBuilder<IResourceWithConnectionString> mail)
    {
        // The first Admin; the password is generated once, kept in user secrets and shown in the dashboard.
        var admin = new BootstrapAdmin(
            builder.AddParameter("admin-email", "admin@certverify.local", publishValueAsDefault: true),
            builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true));

        var tracing = builder.Configuration.GetValue<double?>(TraceSampleRatioKey) ?? (builder.ExecutionContext.IsPublishMode ? 0.1 : 1.0);
        if (tracing is < 0 or > 1)
        {
            throw new DistributedApplicationException($"{TraceSampleRatioKey} is {tracing}; it must be between 0 and 1.");
        }

        var dependencies = new Dependencies(database, redis, canonicalizer, mail);
        if (builder.ExecutionContext.IsPublishMode)
        {
            return [builder.AddWebProject("web", dependencies, admin, tracing)];
        }

        var replicas = builder.Configuration.GetValue(ReplicasKey, DefaultReplicas);
        if (replicas is < 0 or > 32)
        {
            throw new DistributedApplicationException($"{ReplicasKey} is {replicas}; it must be between 0 and 32.");
        }

        // Under `dotnet watch` (DOTNET_WATCH=1) the orchestrator watches each replica's project: leave it that way.
        var buildOutput = replicas > 0 && !IsWatched(builder.Configuration["DOTNET_WATCH"]) ? WebBuildOutput() : null;
        return Enumerable.Range(1, replicas)
            .Select(i =>
            {
                var web = builder.AddWebProject("web-" + i, dependencies, admin, tracing).WithEnvironment("INSTANCE_ID", "web-" + i);
                return buildOutput is null ? web : web.RunBuildOutput(buildOutput);
            })
            .ToList();
    }

    private static IResourceBuilder<ProjectResource> AddWebProject(
        this IDistributedApplicationBuilder builder,
        string name,
        Dependencies dependencies,
        BootstrapAdmin admin,
        double traceSampleRatio)
    {
        var web = builder.AddProject<Projects.CertVerify_Web>(name, options => options.ExcludeLaunchProfile = true)
            // Not proxied: a stopped replica then refuses connections at once and Nginx fails over immediately.
            .WithHttpEndpoint(name: "http", isProxied: false)
            .WithReference(dependencies.Database).WaitFor(dependencies.Database)
            .WithReference(dependencies.Redis).WaitFor(dependencies.Redis)
            // Found by service discovery as http://canonicalizer (Credentials:CanonicalizerUrl).
            .WithReference(dependencies.Canonicalizer.GetEndpoint("http")).WaitFor(dependencies.Canonicalizer)
            // ConnectionStrings:mail. Not waited for: mail waits in the outbox while the SMTP server is away.
            .WithReference(dependencies.Mail)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Bootstrap__AdminEmail", admin.Email)
            .WithEnvironment("Bootstrap__AdminPassword", admin.Password)
            // Tracing every request costs more than verifying it from the cache (docs/benchmarks.md): a trace is kept
            // for this share of new requests, within each replica's Tracing:MaxTracesPerSecond (CappedTraceSampler).
            .WithEnvironment("Tracing__SampleRatio", traceSampleRatio.ToString(CultureInfo.InvariantCulture));

        if (builder.ExecutionContext.IsRunMode)
        {
            // Replicas started without a launch profile run in the AppHost's environment (Development locally);
            // a published deployment keeps the platform's default, Production.
            web.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
        }

        foreach (var setting in builder.Configuration.GetSection(ForwardedConfigurationSection).AsEnumerable(makePathsRelative: true))
        {
            if (setting.Value is not null)
            {
                web.WithEnvironment(setting.Key.Replace(":", "__"), setting.Value);
            }
        }

        return web;
    }

    /// <summary>The web project's assembly as the AppHost's build recorded it (it builds CertVerify.Web too).</summary>
    private static string WebBuildOutput()
    {
        var assembly = typeof(WebReplicasExtensions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CertVerify.Web.TargetPath").Value!;
        return File.Exists(assembly)
            ? assembly
            : throw new DistributedApplicationException($"{assembly} does not exist: build the AppHost (it builds CertVerify.Web) before running it.");
    }

    /// <summary>
    /// Starts the replica from the web project's build output, which is what `dotnet run --no-build`, the orchestrator's
    /// default, ends up starting: without it, each replica start evaluates the project again (3 to 4 s of CPU, measured
    /// in docs/testing.md), and the launcher stays the replica's parent.
    /// </summary>
    private static IResourceBuilder<ProjectResource> RunBuildOutput(this IResourceBuilder<ProjectResource> web, string assembly)
    {
        return web
            .WithAnnotation(new ExecutableAnnotation
            {
                Command = "dotnet",
                // As `dotnet run` has it: the content root (appsettings.json, wwwroot) is the project directory.
                WorkingDirectory = Path.GetDirectoryName(web.Resource.GetProjectMetadata().ProjectPath)!,
            }, ResourceAnnotationMutationBehavior.Replace)
            .WithArgs(assembly);
    }

    /// <summary>DOTNET_WATCH as Aspire reads it: true or false, or a number, not zero for true.</summary>
    private static bool IsWatched(string? value) =>
        bool.TryParse(value, out var watched) ? watched : int.TryParse(value, out var number) && number != 0;

    private sealed record Dependencies(
        IResourceBuilder<IResourceWithConnectionString> Database,
        IResourceBuilder<IResourceWithConnectionString> Redis,
        IResourceBuilder<IResourceWithEndpoints> Canonicalizer,
        IResourceBuilder<IResourceWithConnectionString> Mail);

    private sealed record BootstrapAdmin(IResourceBuilder<ParameterResource> Email, IResourceBuilder<ParameterResource> Password);
}
