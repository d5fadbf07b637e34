using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;
using CertVerify.Tests.Deployment;

namespace CertVerify.Tests.Topology;

/// <summary>
/// The whole topology, started once per test collection from the real AppHost in host-process mode:
/// PostgreSQL, Redis, three web replicas and Nginx (see <see cref="TestAppHost"/>). The replicas write their Error and
/// Critical log entries to stderr, which Aspire forwards to <see cref="TestApplication.Errors"/>.
/// Collections that need other replica settings (e.g. higher rate limits) derive from it.
/// </summary>
public class TopologyFixture : TestApplication
{
    public const int Replicas = 3;
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The property of a running executable or project resource's snapshot that holds its process id.</summary>
    private const string ProcessIdProperty = "executable.pid";

    private readonly Dictionary<string, string> _webConfiguration = InstanceConfiguration();
    private TestAppHost? _host;

    public TopologyFixture()
        : base(category => category.StartsWith("CertVerify.AppHost.Resources.web-", StringComparison.Ordinal))
    {
        _webConfiguration["Logging:Console:LogToStandardErrorThreshold"] = "Error";
    }

    /// <summary>A topology whose replicas get these settings (Web:Configuration:*) on top of the defaults above.</summary>
    protected TopologyFixture(IReadOnlyDictionary<string, string> webConfiguration)
        : this()
    {
        foreach (var (key, value) in webConfiguration)
        {
            _webConfiguration[key] = value;
        }
    }

    public DistributedApplication App => _host!.App;

    /// <summary>A client of the single public entry point.</summary>
    public HttpClient Nginx { get; private set; } = null!;

    public static IEnumerable<string> ReplicaNames => Enumerable.Range(1, Replicas).Select(i => "web-" + i);

    /// <summary>What the deployment checks examine: this topology, or the running one they were pointed at.</summary>
    public DeploymentTarget Target { get; private set; } = null!;

    public override Uri BaseAddress => NginxUri;

    protected override async Task<string> DatabaseConnectionStringAsync() => (await App.GetConnectionStringAsync("certverify"))!;

    protected override async Task StartAsync()
    {
        if (DeploymentTarget.Attached is { } attached)
        {
            // eng/check-deployment.sh: only the deployment checks run, against a topology someone else started.
            Target = attached;
            NginxUri = attached.Nginx;
            Nginx = new HttpClient { BaseAddress = attached.Nginx };
            return;
        }

        _host = await TestAppHost.StartAsync(
            [
                $"--Web:Replicas={Replicas}",
                "--Nginx:Port=0",
                // The front proxy some tests start (Nginx/FrontProxy.cs) plays the platform's ingress.
                $"--Nginx:TrustedIngressNetworks:0={CertVerify.Tests.Nginx.FrontProxy.Network}",
                .. _webConfiguration.Select(setting => $"--Web:Configuration:{setting.Key}={setting.Value}"),
            ],
            ["nginx", "mail", .. ReplicaNames],
            Errors,
            builder =>
            {
                // There is no dashboard under test: without this, each replica spends its shutdown retrying exports
                // to an OTLP endpoint that never answers, and the orchestrator gives up stopping it.
                foreach (var web in builder.Resources.OfType<ProjectResource>())
                {
                    builder.CreateResourceBuilder(web).WithEnvironment(context => context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = "");
                }
            });

        Nginx = App.CreateHttpClient("nginx", "http");
        NginxUri = App.GetEndpoint("nginx", "http");
        Target = new DeploymentTarget(NginxUri, AdminEmail, AdminPassword, Replicas);
    }

    public Uri NginxUri { get; private set; } = null!;

    public Uri ReplicaUri(string name) => App.GetEndpoint(name, "http");

    /// <summary>A caller with no credentials yet that talks to one replica directly, bypassing Nginx.</summary>
    public ApiSession NewSessionAt(string replica) => new(ReplicaUri(replica), CreateTransport);

    /// <summary>The development mail server's inbox, where the replicas' mail arrives.</summary>
    public MailInbox Inbox() => new(App.CreateHttpClient("mail", "http"));

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
        // The orchestrator can still report the stopped process (Exited, Finished) after the command has returned, while
        // it replaces it: a wait that gives up on those states failed twice in CI ("failed to start"), the second time
        // with DCP still deleting the old process's record. So only health ends the wait, and a start that really fails
        // ends it at the step timeout, naming the state last seen.
        try
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, cts.Token)
                .WaitAsync(StepTimeout);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            var state = App.ResourceNotifications.TryGetCurrentState(name, out var current) ? current.Snapshot.State?.Text : null;
            Assert.Fail($"{name} was not healthy {StepTimeout.TotalSeconds} s after it was started; last state: {state ?? "unknown"}.");
        }
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

    protected override async Task StopAsync()
    {
        Nginx?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "Topology";
}
