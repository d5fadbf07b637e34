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
            var environment = new Dictionary<string, object>();
            var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), replica, environment);
            foreach (var callback in replica.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(context);
            }
            Assert.Equal(replica.Name, environment["INSTANCE_ID"]?.ToString());
        }
    }

    [Fact]
    public async Task No_replicas_leaves_postgres_redis_and_the_canonicalizer_alone_without_nginx()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=HostProcesses", "--Web:Replicas=0");

        Assert.Empty(builder.Resources.OfType<ProjectResource>());
        Assert.Equal(["canonicalizer", "postgres", "redis"], builder.Resources.OfType<ExecutableResource>().Select(r => r.Name).Order());
    }

    [Fact]
    public async Task Host_process_mode_runs_infrastructure_as_executables()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=HostProcesses");

        var executables = builder.Resources.OfType<ExecutableResource>().Select(r => r.Name).Where(NotARebuilder).Order();
        Assert.Equal(["canonicalizer", "nginx", "postgres", "redis"], executables);
        Assert.Empty(builder.Resources.OfType<ContainerResource>());
    }

    [Fact]
    public async Task Container_mode_uses_images_with_data_volumes()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=Containers");

        var containers = builder.Resources.OfType<ContainerResource>().ToDictionary(r => r.Name);
        Assert.Equal(["canonicalizer", "nginx", "postgres", "redis"], containers.Keys.Order());
        Assert.Contains(containers["postgres"].Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        Assert.Contains(containers["redis"].Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        Assert.DoesNotContain(builder.Resources.OfType<ExecutableResource>().Select(r => r.Name), NotARebuilder);
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

    // Aspire adds a hidden "<project>-rebuilder" executable per project.
    private static bool NotARebuilder(string name) => !name.EndsWith("-rebuilder");

    private static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.CertVerify_AppHost>(
            [.. args, "--Parameters:postgres-password=test-password", "--Parameters:redis-password=test-password"])
            .WaitAsync(Timeout);
}
