extern alias AppHost;

using System.Diagnostics;
using System.Text.Json;
using Projects = AppHost::Projects;

namespace CertVerify.Tests.AppHost;

/// <summary>The deployment manifest, written by the real publish command.</summary>
[Trait("Tier", "Unit")]
public sealed class ManifestTests : IAsyncLifetime
{
    private readonly string _manifestPath = Path.Combine(Path.GetTempPath(), $"certverify-manifest-{Guid.NewGuid():N}.json");
    private JsonElement _resources;

    public async Task InitializeAsync()
    {
        // The AppHost is already built as a dependency of this project, in the same configuration.
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        using var process = Process.Start(new ProcessStartInfo("dotnet",
            $"run --project {Projects.CertVerify_AppHost.ProjectPath} --no-build -c {configuration} -- " +
            $"--publisher manifest --output-path {_manifestPath}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, await output + await errors);

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(_manifestPath));
        _resources = manifest.RootElement.GetProperty("resources").Clone();
    }

    public Task DisposeAsync()
    {
        File.Delete(_manifestPath);
        return Task.CompletedTask;
    }

    [Fact]
    public void Web_is_one_service_the_platform_scales()
    {
        var web = _resources.GetProperty("web");
        Assert.StartsWith("project.", web.GetProperty("type").GetString());
        var environment = web.GetProperty("env");
        Assert.Contains("{certverify.connectionString}", environment.GetProperty("ConnectionStrings__certverify").GetString());
        Assert.Contains("{redis.connectionString}", environment.GetProperty("ConnectionStrings__redis").GetString());
        Assert.False(environment.TryGetProperty("ASPNETCORE_ENVIRONMENT", out _), "a deployment must not run as Development");
        Assert.Equal("parentbased_traceidratio", environment.GetProperty("OTEL_TRACES_SAMPLER").GetString());
        Assert.Equal("0.1", environment.GetProperty("OTEL_TRACES_SAMPLER_ARG").GetString());
        // The public address is asked for at deployment (a replica refuses to start without it).
        Assert.Equal("{public-base-url.value}", environment.GetProperty("Certificates__PublicBaseUrl").GetString());
        Assert.False(web.GetProperty("bindings").GetProperty("http").TryGetProperty("external", out _), "only Nginx is public");
        Assert.DoesNotContain(_resources.EnumerateObject(), resource => resource.Name.StartsWith("web-"));
    }

    [Fact]
    public void Nginx_is_built_from_our_dockerfile_with_external_ingress_in_front_of_web()
    {
        var nginx = _resources.GetProperty("nginx");
        Assert.Equal("container.v1", nginx.GetProperty("type").GetString());
        Assert.EndsWith("nginx", nginx.GetProperty("build").GetProperty("context").GetString());
        Assert.True(nginx.GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.Contains("{web.bindings.http.host}", nginx.GetProperty("env").GetProperty("NGINX_UPSTREAM").GetString());
    }

    [Fact]
    public void The_canonicalizer_is_built_from_its_dockerfile_reachable_by_web_only()
    {
        var canonicalizer = _resources.GetProperty("canonicalizer");
        Assert.Equal("container.v1", canonicalizer.GetProperty("type").GetString());
        Assert.EndsWith("CertVerify.Canonicalizer", canonicalizer.GetProperty("build").GetProperty("context").GetString());
        Assert.False(canonicalizer.GetProperty("bindings").GetProperty("http").TryGetProperty("external", out _));
        Assert.Contains("{canonicalizer.bindings.http.url}",
            _resources.GetProperty("web").GetProperty("env").GetProperty("services__canonicalizer__http__0").GetString());
    }

    [Fact]
    public void Redis_and_postgres_are_containers_with_secret_parameters()
    {
        Assert.StartsWith("container.", _resources.GetProperty("redis").GetProperty("type").GetString());
        Assert.Contains("password=", _resources.GetProperty("redis").GetProperty("connectionString").GetString());
        Assert.StartsWith("container.", _resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.Equal("value.v0", _resources.GetProperty("certverify").GetProperty("type").GetString());
        var password = _resources.GetProperty("postgres-password");
        Assert.Equal("parameter.v0", password.GetProperty("type").GetString());
        Assert.True(password.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
    }
}
