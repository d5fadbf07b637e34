extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Projects = AppHost::Projects;

namespace CertVerify.Tests.AppHost;

/// <summary>The application model the AppHost builds for a given configuration, without starting anything.</summary>
[Trait("Tier", "Unit")]
public sealed class AppHostModelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Replica_count_comes_from_configuration_with_a_distinct_instance_id_each(int replicas)
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=HostProcesses", $"--Web:Replicas={replicas}");

        var web = builder.Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(Enumerable.Range(1, replicas).Select(i => "web-" + i), web.Select(r => r.Name));
        foreach (var replica in web)
        {
            Assert.Equal(replica.Name, (await EnvironmentOf(replica))["INSTANCE_ID"]);
        }
    }

    /// <summary>
    /// Replicas start from the web project's build output rather than through `dotnet run` (docs/testing.md), except
    /// under `dotnet watch`, where the orchestrator's own launch watches the project.
    /// </summary>
    [Theory]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("1", true)] // as dotnet watch sets it
    [InlineData("true", true)]
    public async Task Replicas_run_the_web_build_output_unless_watched(string dotnetWatch, bool watched)
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=HostProcesses", "--Web:Replicas=2", $"--DOTNET_WATCH={dotnetWatch}");

        var replicas = builder.Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(2, replicas.Count);
        foreach (var replica in replicas)
        {
            var executable = replica.Annotations.OfType<ExecutableAnnotation>().SingleOrDefault();
            if (watched)
            {
                Assert.Null(executable);
                continue;
            }

            Assert.NotNull(executable);
            Assert.Equal("dotnet", executable.Command);
            Assert.Equal(Path.GetDirectoryName(new Projects.CertVerify_Web().ProjectPath), executable.WorkingDirectory);
            var assembly = Assert.IsType<string>(Assert.Single(await ArgumentsOf(replica)));
            Assert.Equal("CertVerify.Web.dll", Path.GetFileName(assembly));
            Assert.True(File.Exists(assembly), assembly);
        }
    }

    [Fact]
    public async Task No_replicas_leaves_postgres_redis_the_canonicalizer_and_the_mail_server_alone_without_nginx()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=HostProcesses", "--Web:Replicas=0");

        Assert.Empty(builder.Resources.OfType<ProjectResource>());
        Assert.Equal(["canonicalizer", "mail", "postgres", "redis"], builder.Resources.OfType<ExecutableResource>().Select(r => r.Name).Order());
    }

    [Fact]
    public async Task Host_process_mode_runs_infrastructure_as_executables()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=HostProcesses");

        var executables = builder.Resources.OfType<ExecutableResource>().Select(r => r.Name).Where(NotARebuilder).Order();
        Assert.Equal(["canonicalizer", "mail", "nginx", "postgres", "redis"], executables);
        Assert.Empty(builder.Resources.OfType<ContainerResource>());
    }

    /// <summary>
    /// Container mode cannot start here (no container runtime): its model is checked instead, resource by resource.
    /// Environment values read as the manifest writes them ({resource.bindings.endpoint.property}, {parameter.value}).
    /// </summary>
    [Fact]
    public async Task Container_mode_runs_every_resource_from_its_image_with_its_volumes_ports_and_environment()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=Containers");

        var containers = builder.Resources.OfType<ContainerResource>().ToDictionary(r => r.Name);
        Assert.Equal(["canonicalizer", "mail", "nginx", "postgres", "redis"], containers.Keys.Order());
        Assert.DoesNotContain(builder.Resources.OfType<ExecutableResource>().Select(r => r.Name), NotARebuilder);

        // The official images at the tags Aspire pins, each with a data volume; ours built on official images.
        Assert.Equal("docker.io/library/postgres:18.3", Image(containers["postgres"]));
        Assert.Equal("docker.io/library/redis:8.6", Image(containers["redis"]));
        Assert.Equal("nginx:1.27-alpine", BaseImageOfBuild(containers["nginx"], "nginx"));
        Assert.Equal("node:20-slim", BaseImageOfBuild(containers["canonicalizer"], "CertVerify.Canonicalizer"));
        Assert.Equal("docker.io/rnwood/smtp4dev:3.15.0", Image(containers["mail"]));
        Assert.Empty(Volumes(containers["mail"])); // development mail, kept in memory
        Assert.Equal(["/var/lib/postgresql"], Volumes(containers["postgres"]));
        Assert.Equal(["/data"], Volumes(containers["redis"]));
        Assert.Empty(Volumes(containers["nginx"]));
        Assert.Empty(Volumes(containers["canonicalizer"]));
        Assert.DoesNotContain(containers.Values.SelectMany(c => c.Annotations.OfType<ContainerMountAnnotation>()), m => m.Type == ContainerMountType.BindMount);

        // Only Nginx is reachable from outside, on the configured host port.
        Assert.Equal([("tcp", 5432, null, false)], Ports(containers["postgres"]));
        Assert.Equal([("redis", 6379, null, false)], Ports(containers["redis"]));
        Assert.Equal([("http", 8090, null, false)], Ports(containers["canonicalizer"]));
        Assert.Equal([("tcp", 25, null, false), ("tcp", 143, null, false), ("tcp", 110, null, false), ("http", 80, null, false)], Ports(containers["mail"]));
        Assert.Equal([("http", 8080, 8080, true)], Ports(containers["nginx"]));

        Assert.Equal(new Dictionary<string, string>
        {
            ["POSTGRES_HOST_AUTH_METHOD"] = "scram-sha-256",
            ["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --auth-local=scram-sha-256",
            ["POSTGRES_USER"] = "postgres",
            ["POSTGRES_PASSWORD"] = "{postgres-password.value}",
        }, await EnvironmentOf(containers["postgres"]));
        Assert.Equal(new Dictionary<string, string> { ["REDIS_PASSWORD"] = "{redis-password.value}" }, await EnvironmentOf(containers["redis"]));
        Assert.Equal(new Dictionary<string, string> { ["PORT"] = "{canonicalizer.bindings.http.targetPort}" }, await EnvironmentOf(containers["canonicalizer"]));
        var nginx = await EnvironmentOf(containers["nginx"]);
        Assert.Equal(["NGINX_AFFINITY_COOKIE", "NGINX_PORT", "NGINX_TRUSTED_INGRESS", "NGINX_UPSTREAM", "NGINX_UPSTREAM_HOST"], nginx.Keys.Order());
        Assert.Equal("{nginx.bindings.http.targetPort}", nginx["NGINX_PORT"]);
        Assert.Equal("{web-1.bindings.http.host}", nginx["NGINX_UPSTREAM_HOST"]);
        Assert.Equal("", nginx["NGINX_TRUSTED_INGRESS"]);
        foreach (var replica in builder.Resources.OfType<ProjectResource>())
        {
            Assert.Contains($"server {{{replica.Name}.bindings.http.host}}:{{{replica.Name}.bindings.http.port}}", nginx["NGINX_UPSTREAM"]);
            var environment = await EnvironmentOf(replica);
            Assert.Equal(replica.Name, environment["INSTANCE_ID"]);
            Assert.Equal("{certverify.connectionString}", environment["ConnectionStrings__certverify"]);
            Assert.Equal("{redis.connectionString}", environment["ConnectionStrings__redis"]);
            Assert.Equal("{canonicalizer.bindings.http.url}", environment["services__canonicalizer__http__0"]);
            Assert.Equal("{mail.connectionString}", environment["ConnectionStrings__mail"]);
            Assert.Equal("{nginx.bindings.http.url}", environment["Certificates__PublicBaseUrl"]);
            Assert.Equal("{web-1.bindings.http.host}", environment["ReverseProxy__UpstreamHosts__0"]);
            Assert.Equal("{key-protection-certificate.value}", environment["DataProtection__Certificate"]);
        }
    }

    /// <summary>
    /// smtp4dev from the repository's dotnet tool, on loopback ports the orchestrator allocates (IMAP and POP3 too: its
    /// defaults, 143 and 110, clash and need root), mail in memory; the replicas get its SMTP endpoint as ConnectionStrings:mail.
    /// </summary>
    [Fact]
    public async Task The_host_mail_server_is_the_local_smtp4dev_tool_on_allocated_ports()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=HostProcesses");

        var mail = builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == "mail");
        Assert.Equal("dotnet", mail.Command);
        Assert.True(File.Exists(Path.Combine(mail.WorkingDirectory, "dotnet-tools.json")));
        var endpoints = mail.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
        Assert.Equal(["http", "imap", "pop3", "smtp"], endpoints.Keys.Order());
        Assert.All(endpoints.Values, e => Assert.Null(e.Port));
        var arguments = await ArgumentsOf(mail);

        Assert.Equal(["tool", "run", "smtp4dev", "--"], arguments.Take(4).Cast<string>());
        Assert.Contains("--db=", arguments);
        Assert.Contains(arguments, a => a is ReferenceExpression e && e.Format.StartsWith("--imapport=", StringComparison.Ordinal));
        Assert.Contains(arguments, a => a is ReferenceExpression e && e.Format.StartsWith("--pop3port=", StringComparison.Ordinal));
        Assert.StartsWith("Endpoint=smtp://", ((IResourceWithConnectionString)mail).ConnectionStringExpression.Format);
    }

    [Theory]
    [InlineData("--Web:Replicas=-1", "Web:Replicas")]
    [InlineData("--Web:Replicas=33", "Web:Replicas")]
    [InlineData("--Infrastructure:Mode=Kubernetes", "Infrastructure:Mode")]
    [InlineData("--Nginx:StickyCookie=bad-name", "StickyCookie")]
    [InlineData("--Web:TraceSampleRatio=1.5", "Web:TraceSampleRatio")]
    public async Task Bad_configuration_fails_at_once_naming_the_setting(string setting, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CreateAsync("--Infrastructure:Mode=HostProcesses", setting));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task Missing_host_binaries_fail_at_once_naming_what_to_install()
    {
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => CreateAsync(
            "--Infrastructure:Mode=HostProcesses", "--Infrastructure:PostgresBinDirectory=/nonexistent/bin"));

        Assert.Contains("postgresql", error.Message);
        Assert.Contains("apt-get install", error.Message);
    }

    /// <summary>The resource's environment in run mode, each value as the manifest would write it.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, environment);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return environment.ToDictionary(v => v.Key, v => v.Value switch
        {
            IManifestExpressionProvider expression => expression.ValueExpression,
            var value => value.ToString() ?? "",
        });
    }

    /// <summary>The resource's command-line arguments in run mode: strings, or expressions resolved at start.</summary>
    private static async Task<List<object>> ArgumentsOf(IResource resource)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments) { ExecutionContext = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run) };
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return arguments;
    }

    private static string Image(ContainerResource container) =>
        container.Annotations.OfType<ContainerImageAnnotation>().Single() is var image ? $"{image.Registry}/{image.Image}:{image.Tag}" : "";

    /// <summary>The image built from <paramref name="context"/>'s Dockerfile starts from its FROM line's image.</summary>
    private static string BaseImageOfBuild(ContainerResource container, string context)
    {
        var build = container.Annotations.OfType<DockerfileBuildAnnotation>().Single();
        Assert.Equal(context, Path.GetFileName(build.ContextPath));
        return File.ReadLines(build.DockerfilePath).Single(line => line.StartsWith("FROM "))["FROM ".Length..].Trim();
    }

    private static List<string> Volumes(ContainerResource container) =>
        container.Annotations.OfType<ContainerMountAnnotation>().Where(m => m.Type == ContainerMountType.Volume).Select(m => m.Target).ToList();

    private static List<(string Scheme, int? TargetPort, int? HostPort, bool External)> Ports(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>().Select(e => (e.UriScheme, e.TargetPort, e.Port, e.IsExternal)).ToList();

    // Aspire adds a hidden "<project>-rebuilder" executable per project.
    private static bool NotARebuilder(string name) => !name.EndsWith("-rebuilder");

    private static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.CertVerify_AppHost>(
            [.. args, "--Parameters:postgres-password=test-password", "--Parameters:redis-password=test-password"])
            .WaitAsync(Timeout);
}
