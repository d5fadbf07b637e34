using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;
using CertVerify.Tests.Deployment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CertVerify.Tests.Topology;

/// <summary>
/// The whole topology, started once per test collection from the real AppHost in host-process mode:
/// PostgreSQL, Redis, three web replicas and Nginx, on ports the orchestrator chooses, with data in a
/// directory of its own that is deleted afterwards.
/// Collections that need other replica settings (e.g. higher rate limits) derive from it.
/// </summary>
public class TopologyFixture : IAsyncLifetime
{
    public const int Replicas = 3;
    public const string AdminEmail = "admin@certverify.local";
    public const string AdminPassword = "test-admin-password-8d1f";

    /// <summary>Limits raised for the many requests of a test run, all from 127.0.0.1 (each still tested to trip).</summary>
    public const int LoginPerMinute = 1500;
    public const int RegisterPerMinute = 100;
    public const int UserPerMinute = 600;
    public const int VerifyPerMinute = 1000;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The property of a running executable or project resource's snapshot that holds its process id.</summary>
    private const string ProcessIdProperty = "executable.pid";

    private readonly string _dataDirectory = Path.Combine("/var/tmp", "certverify-tests", Guid.NewGuid().ToString("N")[..12]);
    private readonly Dictionary<string, string> _webConfiguration = new()
    {
        ["RateLimits:LoginPerMinute"] = LoginPerMinute.ToString(),
        ["RateLimits:RegisterPerMinute"] = RegisterPerMinute.ToString(),
        ["RateLimits:UserPerMinute"] = UserPerMinute.ToString(),
        ["RateLimits:VerifyPerMinute"] = VerifyPerMinute.ToString(),
    };

    public TopologyFixture()
    {
    }

    /// <summary>A topology whose replicas get these settings (Web:Configuration:*) on top of the defaults above.</summary>
    protected TopologyFixture(IReadOnlyDictionary<string, string> webConfiguration)
    {
        foreach (var (key, value) in webConfiguration)
        {
            _webConfiguration[key] = value;
        }
    }

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>A client of the single public entry point.</summary>
    public HttpClient Nginx { get; private set; } = null!;

    public static IEnumerable<string> ReplicaNames => Enumerable.Range(1, Replicas).Select(i => "web-" + i);

    /// <summary>What the deployment checks examine: this topology, or the running one they were pointed at.</summary>
    public DeploymentTarget Target { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (DeploymentTarget.Attached is { } attached)
        {
            // eng/check-deployment.sh: only the deployment checks run, against a topology someone else started.
            Target = attached;
            NginxUri = attached.Nginx;
            Nginx = new HttpClient { BaseAddress = attached.Nginx };
            return;
        }

        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CertVerify_AppHost>(
            [
                "--Infrastructure:Mode=HostProcesses",
                $"--Infrastructure:DataDirectory={_dataDirectory}",
                $"--Web:Replicas={Replicas}",
                "--Nginx:Port=0",
                $"--Parameters:postgres-password={Guid.NewGuid():N}",
                $"--Parameters:redis-password={Guid.NewGuid():N}",
                $"--Parameters:admin-password={AdminPassword}",
                .. _webConfiguration.Select(setting => $"--Web:Configuration:{setting.Key}={setting.Value}"),
            ],
            cts.Token).WaitAsync(StartTimeout);

        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("CertVerify.AppHost.Resources", LogLevel.Warning)
            // Dependencies are unhealthy until they have started; those expected failures only bury real ones.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));

        // There is no dashboard under test: without this, each replica spends its shutdown retrying exports
        // to an OTLP endpoint that never answers, and the orchestrator gives up stopping it.
        foreach (var web in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(web).WithEnvironment(context => context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = "");
        }

        App = await builder.BuildAsync(cts.Token).WaitAsync(StartTimeout);
        await App.StartAsync(cts.Token).WaitAsync(StartTimeout);

        await App.ResourceNotifications.WaitForResourceHealthyAsync("nginx", cts.Token).WaitAsync(StartTimeout);
        foreach (var replica in ReplicaNames)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(replica, cts.Token).WaitAsync(StartTimeout);
        }

        Nginx = App.CreateHttpClient("nginx", "http");
        NginxUri = App.GetEndpoint("nginx", "http");
        Target = new DeploymentTarget(NginxUri, AdminEmail, AdminPassword, Replicas);
    }

    public Uri NginxUri { get; private set; } = null!;

    public Uri ReplicaUri(string name) => App.GetEndpoint(name, "http");

    public Task<ApiSession> SignInAsAdminAsync() => ApiSession.SignInAsync(NginxUri, AdminEmail, AdminPassword);

    /// <summary>A new account with the role, created by the Admin; returns its email, password and id.</summary>
    public async Task<(string Email, string Password, Guid Id)> CreateUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var password = $"pw-{Guid.NewGuid():N}";
        using var admin = await SignInAsAdminAsync();
        using var response = await admin.SendAsync(HttpMethod.Post, "/api/users", new { email, name = $"Test {role}", password, role });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        return (email, password, created.GetProperty("id").GetGuid());
    }

    /// <summary>A new account with the role, signed in through Nginx.</summary>
    public async Task<ApiSession> SignInNewUserAsync(string role)
    {
        var (email, password, _) = await CreateUserAsync(role);
        return await ApiSession.SignInAsync(NginxUri, email, password);
    }

    /// <summary>A client that talks to one replica directly, bypassing Nginx.</summary>
    public HttpClient Replica(string name) => App.CreateHttpClient(name, "http");

    /// <summary>Stops a resource (a replica, Redis...) the way the dashboard does, and waits until it has stopped.</summary>
    public async Task StopResourceAsync(string name)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        var stopped = await App.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, cts.Token).WaitAsync(StepTimeout);
        Assert.True(stopped.Success, $"Stopping {name} failed: {stopped.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.TerminalStates, cts.Token).WaitAsync(StepTimeout);
    }

    /// <summary>The process id of a running resource (a replica, PostgreSQL...), as the orchestrator reports it.</summary>
    public async Task<int> ProcessIdAsync(string name)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        var running = await App.ResourceNotifications.WaitForResourceAsync(name,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessId(e.Snapshot) is not null, cts.Token).WaitAsync(StepTimeout);
        return ProcessId(running.Snapshot)!.Value;
    }

    /// <summary>
    /// Kills a resource's process and its children with SIGKILL, as a crash or the OOM killer would (no graceful
    /// shutdown, connections reset), and waits until the orchestrator has seen it exit. Start it again with
    /// <see cref="StartResourceAsync"/>.
    /// </summary>
    public async Task KillResourceAsync(string name)
    {
        var processId = await ProcessIdAsync(name);
        using var process = System.Diagnostics.Process.GetProcessById(processId);
        process.Kill(entireProcessTree: true);

        using var cts = new CancellationTokenSource(StepTimeout);
        await App.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.TerminalStates, cts.Token).WaitAsync(StepTimeout);
    }

    private static int? ProcessId(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == ProcessIdProperty)?.Value is { } value
        && int.TryParse(value.ToString(), out var id) ? id : null;

    /// <summary>Starts a stopped resource again and waits until its health checks pass.</summary>
    public async Task StartResourceAsync(string name)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        var started = await App.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, cts.Token).WaitAsync(StepTimeout);
        Assert.True(started.Success, $"Starting {name} failed: {started.Message}");
        await App.ResourceNotifications.WaitForResourceHealthyAsync(name, cts.Token).WaitAsync(StepTimeout);
    }

    /// <summary>
    /// An open connection of its own to the application's database. Not pooled: a pooled connection left idle while a
    /// test restarted PostgreSQL is broken, and its first command fails (57P01).
    /// </summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("certverify")) { Pooling = false };
        var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Starts collecting the console output of these resources (see <see cref="ResourceLogs"/>).</summary>
    public ResourceLogs WatchLogs(IEnumerable<string> names) => new(App, names);

    /// <summary>
    /// Whatever a test did to the resource (stopped, killed, a stop that timed out), it ends running and healthy:
    /// started again if it is down. For <c>finally</c> blocks, so the next test of the collection finds it as usual.
    /// </summary>
    public async Task EnsureRunningAsync(string name)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        var current = await App.ResourceNotifications.WaitForResourceAsync(name,
            e => e.Snapshot.State?.Text is { } state && (state == KnownResourceStates.Running || KnownResourceStates.TerminalStates.Contains(state)),
            cts.Token).WaitAsync(StepTimeout);
        if (current.Snapshot.State?.Text == KnownResourceStates.Running)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, cts.Token).WaitAsync(StepTimeout);
        }
        else
        {
            await StartResourceAsync(name);
        }
    }

    public async Task DisposeAsync()
    {
        Nginx?.Dispose();
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

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "Topology";
}
