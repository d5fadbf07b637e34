extern alias AppHost;

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Projects = AppHost::Projects;

namespace CertVerify.Tests.AppHost;

/// <summary>
/// The deployment manifest, written by the real publish command, read as azd reads it to deploy to Azure Container
/// Apps: Aspire's schema, and what azd needs beyond it (docs/deployment.md).
/// </summary>
[Trait("Tier", "Unit")]
public sealed partial class ManifestTests
{
    // Published once per setting for the whole class: each publish is a process start and an AppHost build.
    private static readonly Lazy<Task<JsonElement>> Default = new(() => PublishAsync());
    private static readonly Lazy<Task<JsonElement>> WithDemoContainers = new(() => PublishAsync("--Infrastructure:PublishDemoContainers=true"));

    // The resource types azd turns into Azure resources (no executable: a process of this machine); others it refuses or skips.
    private static readonly string[] TypesAzdDeploys = ["parameter.v0", "value.v0", "container.v0", "container.v1", "project.v0", "project.v1"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_manifest_validates_against_Aspires_manifest_schema(bool demoContainers)
    {
        var manifest = await (demoContainers ? WithDemoContainers : Default).Value;

        Assert.Empty(AspireManifestSchema.Errors(manifest));
    }

    [Fact]
    public async Task Nothing_in_it_belongs_to_this_machine_or_is_unknown_to_azd()
    {
        var resources = Resources(await Default.Value);

        foreach (var (name, resource) in resources)
        {
            Assert.True(TypesAzdDeploys.Contains(Type(resource)), $"{name} is a {Type(resource)}, which azd does not deploy");
            Assert.False(resource.TryGetProperty("bindMounts", out _), $"{name} mounts a folder of this machine");
            foreach (var path in ProjectAndBuildPaths(resource))
            {
                Assert.False(Path.IsPathRooted(path), $"{name} names {path}, a path of this machine");
            }
            foreach (var (variable, value) in Variables(resource))
            {
                Assert.False(Path.IsPathRooted(value) && Path.Exists(value), $"{name}'s {variable} is {value}, a path of this machine");
            }
        }
    }

    /// <summary>A credential reaches a service only as a reference to a secret parameter, which azd keeps as a secret.</summary>
    [Fact]
    public async Task Secrets_are_parameters_marked_secret()
    {
        var resources = Resources(await Default.Value);

        foreach (var (name, parameter) in resources.Where(r => Type(r.Value) == "parameter.v0"))
        {
            if (parameter.TryGetProperty("connectionString", out _) || SecretName().IsMatch(name))
            {
                Assert.True(IsSecret(parameter), $"parameter {name} is not marked secret");
            }
        }
        foreach (var (name, resource) in resources)
        {
            foreach (var (variable, value) in Variables(resource).Where(v => SecretName().IsMatch(v.Key)))
            {
                Assert.True(IsSecretReference(resources, value), $"{name}'s {variable} is {value}, not a reference to a secret parameter");
            }
        }
    }

    [Fact]
    public async Task Web_is_one_service_the_platform_scales_named_by_the_platform()
    {
        var resources = Resources(await Default.Value);

        var web = resources["web"];
        Assert.StartsWith("project.", Type(web));
        var environment = Variables(web);
        Assert.Equal("{certverify.connectionString}", environment["ConnectionStrings__certverify"]);
        Assert.Equal("{redis.connectionString}", environment["ConnectionStrings__redis"]);
        Assert.False(environment.ContainsKey("ASPNETCORE_ENVIRONMENT"), "a deployment must not run as Development");
        // Each replica is named by the platform (CONTAINER_APP_REPLICA_NAME); one INSTANCE_ID would name them all alike.
        Assert.False(environment.ContainsKey("INSTANCE_ID"), "web must not name its replicas itself");
        // Tracing every request costs more than serving it from the cache (docs/benchmarks.md).
        Assert.Equal("0.1", environment["Tracing__SampleRatio"]);
        // The public address is asked for at deployment (a replica refuses to start without it).
        Assert.Equal("{public-base-url.value}", environment["Certificates__PublicBaseUrl"]);
        Assert.DoesNotContain(resources.Keys, name => name.StartsWith("web-"));
    }

    [Fact]
    public async Task Nginx_is_the_only_external_ingress()
    {
        var resources = Resources(await Default.Value);

        var external = resources
            .Where(resource => resource.Value.TryGetProperty("bindings", out var bindings)
                && bindings.EnumerateObject().Any(b => b.Value.TryGetProperty("external", out var e) && e.GetBoolean()))
            .Select(resource => resource.Key);
        Assert.Equal(["nginx"], external);
    }

    [Fact]
    public async Task Nginx_is_built_from_our_dockerfile_and_calls_web_by_its_own_host_name()
    {
        var nginx = Resources(await Default.Value)["nginx"];

        Assert.Equal("container.v1", Type(nginx));
        Assert.EndsWith("nginx", nginx.GetProperty("build").GetProperty("context").GetString());
        Assert.Contains("server {web.bindings.http.host}:{web.bindings.http.port}", Variables(nginx)["NGINX_UPSTREAM"]);
        // azd resolves it to web.internal.<environment domain>, the name the internal ingress routes by.
        Assert.Equal("{web.bindings.http.host}", Variables(nginx)["NGINX_UPSTREAM_HOST"]);
    }

    /// <summary>A deployment sends mail through the real SMTP server: its connection string is asked for as a secret.</summary>
    [Fact]
    public async Task The_mail_connection_string_is_a_secret_parameter_given_to_web()
    {
        var resources = Resources(await Default.Value);
        Assert.Equal("parameter.v0", Type(resources["mail"]));
        Assert.True(IsSecret(resources["mail"]));
        Assert.Equal("{mail.connectionString}", Variables(resources["web"])["ConnectionStrings__mail"]);
    }

    [Fact]
    public async Task The_canonicalizer_is_built_from_its_dockerfile_reachable_by_web_only()
    {
        var resources = Resources(await Default.Value);

        var canonicalizer = resources["canonicalizer"];
        Assert.Equal("container.v1", Type(canonicalizer));
        Assert.EndsWith("CertVerify.Canonicalizer", canonicalizer.GetProperty("build").GetProperty("context").GetString());
        Assert.Equal("{canonicalizer.bindings.http.url}", Variables(resources["web"])["services__canonicalizer__http__0"]);
    }

    /// <summary>
    /// The operator's managed PostgreSQL and Redis, as connection strings azd asks for: a PostgreSQL container on the
    /// Azure Files share azd gives volumes fails at initdb, and web migrates at start.
    /// </summary>
    [Fact]
    public async Task Postgres_and_redis_are_connection_strings_the_deployment_asks_for()
    {
        var resources = Resources(await Default.Value);

        foreach (var name in new[] { "certverify", "redis" })
        {
            Assert.Equal("parameter.v0", Type(resources[name]));
            Assert.Equal($"{{{name}.value}}", resources[name].GetProperty("connectionString").GetString());
            Assert.True(IsSecret(resources[name]));
        }
        Assert.DoesNotContain(resources.Values, resource => resource.TryGetProperty("image", out var image)
            && Regex.IsMatch(image.GetString()!, "(postgres|redis):"));
        Assert.DoesNotContain(resources.Keys, name => name is "postgres" or "postgres-password" or "redis-password");
    }

    [Fact]
    public async Task Demo_containers_only_when_asked_for_and_without_data_volumes()
    {
        var resources = Resources(await WithDemoContainers.Value);

        foreach (var name in new[] { "postgres", "redis" })
        {
            Assert.Equal("container.v0", Type(resources[name]));
            Assert.False(resources[name].TryGetProperty("volumes", out _), $"{name} has a volume: Azure Files breaks PostgreSQL's initdb");
            Assert.True(IsSecret(resources[name + "-password"]));
        }
        Assert.Equal("{postgres.connectionString};Database=certverify", resources["certverify"].GetProperty("connectionString").GetString());
    }

    /// <summary>
    /// azd deploys each service with its committed template (CertVerify.AppHost/infra/NAME.tmpl.yaml) rather than one
    /// made from the manifest: every variable the AppHost gives a service must be there, credentials as secrets.
    /// </summary>
    [Fact]
    public async Task Each_service_has_a_committed_template_with_every_variable_the_apphost_gives_it()
    {
        var resources = Resources(await Default.Value);

        foreach (var (name, resource) in resources.Where(r => Type(r.Value) is not ("parameter.v0" or "value.v0")))
        {
            var template = TemplateVariables(Path.Combine(Projects.CertVerify_AppHost.ProjectPath, "infra", name + ".tmpl.yaml"));
            var variables = Variables(resource);
            Assert.Equal(variables.Keys.Append("AZURE_CLIENT_ID").Order(), template.Keys.Order());
            foreach (var (variable, value) in variables)
            {
                var secret = IsSecretReference(resources, value);
                Assert.True((template[variable] == "secretRef") == secret, $"{name}.tmpl.yaml: {variable} must {(secret ? "" : "not ")}be a secretRef");
            }
        }
    }

    /// <summary>azd asks for a parameter at `azd provision` only if infra/main.bicep declares it (secure when secret).</summary>
    [Fact]
    public async Task Every_parameter_without_a_default_is_declared_for_azd()
    {
        var resources = Resources(await Default.Value);
        var infra = Path.Combine(Projects.CertVerify_AppHost.ProjectPath, "..", "infra");
        var main = File.ReadAllLines(Path.Combine(infra, "main.bicep"));
        var parameters = await File.ReadAllTextAsync(Path.Combine(infra, "main.parameters.json"));

        foreach (var (name, parameter) in resources.Where(r => Type(r.Value) == "parameter.v0"))
        {
            if (parameter.GetProperty("inputs").GetProperty("value").TryGetProperty("default", out var fallback) && fallback.TryGetProperty("value", out _))
            {
                continue;
            }
            var bicepName = name.Replace('-', '_');
            var declaration = Array.FindIndex(main, line => line.StartsWith($"param {bicepName} string"));
            Assert.True(declaration >= 0, $"infra/main.bicep does not declare param {bicepName} (parameter {name})");
            var secure = main[..declaration].Reverse().TakeWhile(line => line.StartsWith('@')).Contains("@secure()");
            Assert.True(secure == IsSecret(parameter), $"param {bicepName} must {(IsSecret(parameter) ? "" : "not ")}be @secure()");
            Assert.Contains($"\"{bicepName}\": {{ \"value\": \"${{AZURE_{bicepName.ToUpperInvariant()}}}\" }}", parameters);
        }
    }

    [Fact]
    public void Web_scales_on_http_load_and_is_probed_on_alive_and_health()
    {
        var web = File.ReadAllText(Path.Combine(Projects.CertVerify_AppHost.ProjectPath, "infra", "web.tmpl.yaml"));

        Assert.Matches(@"minReplicas: [1-9]", web);
        Assert.Matches(@"maxReplicas: \d+", web);
        Assert.Matches(@"rules:\s+- name: \S+\s+http:\s+metadata:\s+concurrentRequests:", web);
        Assert.Matches(@"type: Startup\s+httpGet:\s+path: /alive", web);
        Assert.Matches(@"type: Liveness\s+httpGet:\s+path: /alive", web);
        Assert.Matches(@"type: Readiness\s+httpGet:\s+path: /health", web);
        Assert.Contains("external: false", web);
    }

    private static async Task<JsonElement> PublishAsync(params string[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("certverify-manifest");
        try
        {
            // The AppHost is already built as a dependency of this project, in the same configuration.
            var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
            var path = Path.Combine(directory.FullName, "aspire-manifest.json");
            using var process = Process.Start(new ProcessStartInfo("dotnet",
                $"run --project {Projects.CertVerify_AppHost.ProjectPath} --no-build -c {configuration} -- " +
                $"--publisher manifest --output-path {path} {string.Join(' ', settings)}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 0, await output + await errors);

            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            return manifest.RootElement.Clone();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Dictionary<string, JsonElement> Resources(JsonElement manifest) =>
        manifest.GetProperty("resources").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);

    private static string Type(JsonElement resource) => resource.GetProperty("type").GetString()!;

    private static Dictionary<string, string> Variables(JsonElement resource) =>
        resource.TryGetProperty("env", out var env) ? env.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString()!) : [];

    private static bool IsSecret(JsonElement parameter) =>
        parameter.GetProperty("inputs").GetProperty("value").TryGetProperty("secret", out var secret) && secret.GetBoolean();

    /// <summary>Whether <paramref name="value"/> is exactly a reference to a secret parameter's value or connection string.</summary>
    private static bool IsSecretReference(Dictionary<string, JsonElement> resources, string value) =>
        SingleReference().Match(value) is { Success: true } reference
        && resources[reference.Groups["resource"].Value] is var source
        && Type(source) == "parameter.v0" && IsSecret(source);

    private static IEnumerable<string> ProjectAndBuildPaths(JsonElement resource)
    {
        if (resource.TryGetProperty("path", out var path))
        {
            yield return path.GetString()!;
        }
        if (resource.TryGetProperty("build", out var build))
        {
            yield return build.GetProperty("context").GetString()!;
            yield return build.GetProperty("dockerfile").GetString()!;
        }
    }

    /// <summary>A template's container variables: name, and "value" or "secretRef".</summary>
    private static Dictionary<string, string> TemplateVariables(string path)
    {
        var lines = File.ReadAllLines(path);
        var env = Array.FindIndex(lines, line => line.Trim() == "env:");
        Assert.True(env >= 0, $"{path} has no env:");
        var indent = lines[env].Length - lines[env].TrimStart().Length;
        var block = lines.Skip(env + 1).TakeWhile(line => line.Length - line.TrimStart().Length > indent);
        return TemplateVariable().Matches(string.Join('\n', block)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["kind"].Value);
    }

    [GeneratedRegex(@"^\s+- name: (?<name>\S+)\n\s+(?<kind>value|secretRef):", RegexOptions.Multiline)]
    private static partial Regex TemplateVariable();

    /// <summary>Names of parameters and variables that hold credentials.</summary>
    [GeneratedRegex("password|secret|certificate(?!s__)|private-?key|connectionstring", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^\{(?<resource>[^.{}]+)\.(value|connectionString)\}$")]
    private static partial Regex SingleReference();
}
