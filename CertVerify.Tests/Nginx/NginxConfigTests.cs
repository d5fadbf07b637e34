extern alias AppHost;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Aspire.Hosting.ApplicationModel;
using AppHost::CertVerify.AppHost;
using Projects = AppHost::Projects;

namespace CertVerify.Tests.Nginx;

/// <summary>
/// The generated upstream block, rendered into the real template in the image's layout (NginxImageLayout) and checked
/// and run by the host's nginx. The host-process layout (nginx/run-host.sh) runs in every topology test.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class NginxConfigTests
{
    private static readonly string NginxDirectory = Path.Combine(
        Projects.CertVerify_AppHost.ProjectPath, "..", "nginx");

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task One_server_line_per_replica_with_passive_health(int replicas)
    {
        var upstream = await RenderUpstreamAsync(replicas, new NginxOptions { MaxFails = 4, FailTimeoutSeconds = 7 });

        var servers = ServerLines(upstream);
        Assert.Equal(Enumerable.Range(1, replicas).Select(i => $"127.0.0.1:{5000 + i}"), servers.Select(s => s.Split(' ')[1].TrimEnd(';')));
        if (replicas > 1)
        {
            Assert.All(servers, line => Assert.EndsWith("max_fails=4 fail_timeout=7s;", line));
        }
        Assert.StartsWith("least_conn;", upstream);
    }

    [Fact]
    public async Task Sticky_sessions_hash_the_affinity_cookie_instead_of_least_conn()
    {
        var upstream = await RenderUpstreamAsync(3, new NginxOptions { Sticky = true });

        Assert.StartsWith("hash $certverify_affinity consistent;", upstream);
        Assert.DoesNotContain("least_conn", upstream);
        Assert.Equal(3, ServerLines(upstream).Count);
    }

    [Fact]
    public void An_affinity_cookie_nginx_cannot_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NginxUpstream.AffinityCookie(new NginxOptions { StickyCookie = "my-session" }));
        Assert.Equal("cv_session", NginxUpstream.AffinityCookie(new NginxOptions { StickyCookie = "cv_session" }));
    }

    [Fact]
    public void No_replicas_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => NginxUpstream.Build([], new NginxOptions()));
    }

    /// <summary>The configuration as the image holds it, with the image's prefix: its temp paths must be creatable there.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_configuration_built_into_the_image_passes_nginx_t(bool sticky)
    {
        var options = new NginxOptions { Sticky = sticky };
        using var image = await RenderAsync(18080, await RenderUpstreamAsync(3, options), options);

        var (exitCode, output) = await RunAsync("nginx", $"-t {image.NginxArguments}");

        Assert.True(exitCode == 0, output);
    }

    /// <summary>
    /// Published, Nginx reaches web through the platform's internal ingress, which routes by Host: the replicas get
    /// their own host name (NGINX_UPSTREAM_HOST), not the upstream block's, and the client's host as X-Forwarded-Host.
    /// </summary>
    [Fact]
    public async Task The_image_starts_and_sends_the_upstreams_own_host_name()
    {
        await using var replica = WebApplication.CreateSlimBuilder().Build();
        replica.Urls.Add("http://127.0.0.1:0");
        replica.MapGet("/api/health", (HttpRequest request) =>
            new { Host = request.Host.Value, ForwardedHost = request.Headers["X-Forwarded-Host"].ToString() });
        await replica.StartAsync();
        var options = new NginxOptions();
        var port = LocalPorts.Free(IPAddress.Loopback);
        using var image = await RenderAsync(port, await RenderUpstreamAsync(1, options, new Uri(replica.Urls.Single()).Port), options,
            upstreamHost: "web.internal.example.test");
        await image.StartNginxAsync(port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/health") { Headers = { Host = "verify.example.org" } });

        response.EnsureSuccessStatusCode();
        var seen = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("web.internal.example.test", seen.GetProperty("host").GetString());
        Assert.Equal("verify.example.org", seen.GetProperty("forwardedHost").GetString());
    }

    /// <summary>What Nginx refuses, or cannot forward, it answers as a problem, like the application's refusals.</summary>
    [Fact]
    public async Task Nginx_answers_its_own_errors_as_problems()
    {
        // The one replica refuses connections: its port is taken but nothing listens.
        using var replica = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        replica.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new NginxOptions();
        var port = LocalPorts.Free(IPAddress.Loopback);
        using var image = await RenderAsync(port, await RenderUpstreamAsync(1, options, ((IPEndPoint)replica.LocalEndPoint!).Port), options);
        await image.StartNginxAsync(port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        (HttpRequestMessage Request, int Status)[] refusals =
        [
            (new(HttpMethod.Get, "/api/health"), 502),
            (new(HttpMethod.Trace, "/api/health"), 405),
            (new(HttpMethod.Get, "/.nginx/problem"), 404),
            (new(HttpMethod.Get, "/api/verify/" + new string('a', 9 * 1024)), 414),
            (new(HttpMethod.Get, "/api/health") { Headers = { { "X-Junk", new string('a', 9 * 1024) } } }, 431),
            (new(HttpMethod.Post, "/api/verify") { Content = new ByteArrayContent(new byte[13 * 1024 * 1024]) }, 413),
        ];
        foreach (var (request, status) in refusals)
        {
            using var response = await client.SendAsync(request);
            var problem = await Problems.AssertAsync(response, (HttpStatusCode)status);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    /// <summary>The real configuration in the image's layout, rendered with the variables the AppHost gives Nginx.</summary>
    private static async Task<NginxImageLayout> RenderAsync(int port, string upstream, NginxOptions options, string upstreamHost = "localhost")
    {
        var image = await NginxImageLayout.CreateAsync(NginxDirectory, new Dictionary<string, string>
        {
            ["NGINX_PORT"] = port.ToString(),
            ["NGINX_UPSTREAM"] = upstream,
            ["NGINX_UPSTREAM_HOST"] = upstreamHost,
            ["NGINX_AFFINITY_COOKIE"] = NginxUpstream.AffinityCookie(options),
        });
        Assert.DoesNotContain("${NGINX_", image.RenderedConfiguration("default.conf"));
        // As the image's entrypoint runs the script the Dockerfile copied into /docker-entrypoint.d.
        var trustedIngress = new ProcessStartInfo("sh", [Path.Combine(image.Prefix, "..", "..", "docker-entrypoint.d", "15-trusted-ingress.sh"),
            Path.Combine(image.Prefix, "conf.d", "trusted-ingress.conf")])
        {
            Environment = { ["NGINX_TRUSTED_INGRESS"] = "10.0.0.0/8, 127.0.0.2 ::1/128" },
        };
        using (var generate = Process.Start(trustedIngress)!)
        {
            await generate.WaitForExitAsync();
            Assert.Equal(0, generate.ExitCode);
        }

        Assert.Contains("set_real_ip_from 127.0.0.2;", image.RenderedConfiguration("trusted-ingress.conf"));
        return image;
    }

    private static async Task<string> RenderUpstreamAsync(int replicas, NginxOptions options, int firstPort = 5001)
    {
        var servers = Enumerable.Range(firstPort, replicas)
            .Select(port => ReferenceExpression.Create($"127.0.0.1:{port.ToString()}"))
            .ToList();
        return (await NginxUpstream.Build(servers, options).GetValueAsync(CancellationToken.None))!;
    }

    private static List<string> ServerLines(string upstream) =>
        upstream.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("server ")).ToList();

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, output);
    }
}
