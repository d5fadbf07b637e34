using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using CertVerify.AppHost;

namespace CertVerify.Tests.Nginx;

/// <summary>The generated upstream block, rendered into the real template and checked by nginx itself.</summary>
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
        var directory = Directory.CreateTempSubdirectory("certverify-nginx-test");
        try
        {
            var conf = Path.Combine(directory.FullName, "conf.d");
            Directory.CreateDirectory(conf);
            Directory.CreateDirectory(Path.Combine(directory.FullName, "temp"));
            File.Copy(Path.Combine(NginxDirectory, "nginx.conf"), Path.Combine(directory.FullName, "nginx.conf"));
            var template = await File.ReadAllTextAsync(Path.Combine(NginxDirectory, "templates", "default.conf.template"));
            var rendered = template
                .Replace("${NGINX_PORT}", "18080")
                .Replace("${NGINX_UPSTREAM}", await RenderUpstreamAsync(3, options))
                .Replace("${NGINX_AFFINITY_COOKIE}", NginxUpstream.AffinityCookie(options));
            Assert.DoesNotContain("${NGINX_", rendered);
            await File.WriteAllTextAsync(Path.Combine(conf, "default.conf"), rendered);

            var (exitCode, output) = await RunAsync("nginx", $"-t -p {directory.FullName} -c {directory.FullName}/nginx.conf");

            Assert.True(exitCode == 0, output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> RenderUpstreamAsync(int replicas, NginxOptions options)
    {
        var servers = Enumerable.Range(1, replicas)
            .Select(i => ReferenceExpression.Create($"127.0.0.1:{(5000 + i).ToString()}"))
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
