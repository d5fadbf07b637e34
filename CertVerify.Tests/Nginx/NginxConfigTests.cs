extern alias AppHost;

using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using AppHost::CertVerify.AppHost;
using Projects = AppHost::Projects;

namespace CertVerify.Tests.Nginx;

/// <summary>The generated upstream block, rendered into the real template and checked by nginx itself.</summary>
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rendered_configuration_passes_nginx_t(bool sticky)
    {
        var options = new NginxOptions { Sticky = sticky };
        var directory = await RenderAsync(18080, await RenderUpstreamAsync(3, options), options);
        try
        {
            var (exitCode, output) = await RunAsync("nginx", $"-t -p {directory.FullName} -c {directory.FullName}/nginx.conf");

            Assert.True(exitCode == 0, output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>What Nginx refuses, or cannot forward, it answers as a problem, like the application's refusals.</summary>
    [Fact]
    public async Task Nginx_answers_its_own_errors_as_problems()
    {
        // The one replica refuses connections: its port is taken but nothing listens.
        using var replica = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        replica.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new NginxOptions();
        var port = FreePort();
        var directory = await RenderAsync(port, await RenderUpstreamAsync(1, options, ((IPEndPoint)replica.LocalEndPoint!).Port), options);
        using var nginx = Process.Start(new ProcessStartInfo("nginx", $"-p {directory.FullName} -c {directory.FullName}/nginx.conf -g \"daemon off;\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        nginx.BeginOutputReadLine();
        nginx.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilListeningAsync(port);
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
        finally
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The real configuration rendered into a directory of its own, as run-host.sh renders it.</summary>
    private static async Task<DirectoryInfo> RenderAsync(int port, string upstream, NginxOptions options)
    {
        var directory = Directory.CreateTempSubdirectory("certverify-nginx-test");
        var conf = Path.Combine(directory.FullName, "conf.d");
        Directory.CreateDirectory(conf);
        Directory.CreateDirectory(Path.Combine(directory.FullName, "temp"));
        File.Copy(Path.Combine(NginxDirectory, "nginx.conf"), Path.Combine(directory.FullName, "nginx.conf"));
        var template = await File.ReadAllTextAsync(Path.Combine(NginxDirectory, "templates", "default.conf.template"));
        var rendered = template
            .Replace("${NGINX_PORT}", port.ToString())
            .Replace("${NGINX_UPSTREAM}", upstream)
            .Replace("${NGINX_AFFINITY_COOKIE}", NginxUpstream.AffinityCookie(options));
        Assert.DoesNotContain("${NGINX_", rendered);
        await File.WriteAllTextAsync(Path.Combine(conf, "default.conf"), rendered);
        return directory;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
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
