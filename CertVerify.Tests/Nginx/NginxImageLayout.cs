using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CertVerify.Tests.Nginx;

/// <summary>
/// The files of the image nginx/Dockerfile builds, laid out in a directory of their own by following the Dockerfile's
/// own lines (COPY, RUN mkdir -p, ENV), then the templates rendered as the official image's entrypoint renders them at
/// start (envsubst with the defined variables that NGINX_ENVSUBST_FILTER selects, into conf.d/). The host's nginx then
/// tests and runs the configuration the image would, with the image's prefix: what the image lacks, this lacks too.
/// </summary>
public sealed partial class NginxImageLayout : IDisposable
{
    private readonly DirectoryInfo _root;
    private Process? _nginx;

    private NginxImageLayout(DirectoryInfo root) => _root = root;

    /// <summary>The official image's nginx prefix, where nginx.conf's relative paths resolve.</summary>
    public string Prefix => Path.Combine(_root.FullName, "etc", "nginx");

    /// <summary>nginx's arguments to use this layout's prefix and configuration.</summary>
    public string NginxArguments => $"-p {Prefix}/ -c {Prefix}/nginx.conf";

    public string RenderedConfiguration(string name) => File.ReadAllText(Path.Combine(Prefix, "conf.d", name));

    /// <summary>Builds the layout from <paramref name="nginxDirectory"/> (the build context) and starts it with <paramref name="environment"/>.</summary>
    public static async Task<NginxImageLayout> CreateAsync(string nginxDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var layout = new NginxImageLayout(Directory.CreateTempSubdirectory("certverify-nginx-image"));
        try
        {
            // What the base image brings that the configuration relies on: the folder the entrypoint renders into.
            Directory.CreateDirectory(Path.Combine(layout.Prefix, "conf.d"));
            var filter = layout.Build(nginxDirectory);
            await layout.RenderTemplatesAsync(environment.Where(variable => Regex.IsMatch(variable.Key, filter)).ToDictionary());
            return layout;
        }
        catch
        {
            layout.Dispose();
            throw;
        }
    }

    /// <summary>Starts the host's nginx in this layout, in the foreground as the image runs it, and waits for <paramref name="port"/>.</summary>
    public async Task StartNginxAsync(int port)
    {
        var log = new ConcurrentQueue<string>();
        _nginx = Process.Start(new ProcessStartInfo("nginx", $"{NginxArguments} -g \"daemon off;\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _nginx.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        _nginx.ErrorDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        _nginx.BeginOutputReadLine();
        _nginx.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !_nginx.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"nginx did not start listening on {port}:\n{string.Join('\n', log)}");
    }

    public void Dispose()
    {
        if (_nginx is not null)
        {
            _nginx.Kill(entireProcessTree: true);
            _nginx.WaitForExit();
            _nginx.Dispose();
        }
        _root.Delete(recursive: true);
    }

    /// <summary>Follows the Dockerfile; returns NGINX_ENVSUBST_FILTER. A line it cannot reproduce fails the test.</summary>
    private string Build(string context)
    {
        var filter = "";
        foreach (var line in File.ReadLines(Path.Combine(context, "Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            switch (parts[0].ToUpperInvariant())
            {
                case "FROM" or "EXPOSE":
                    break; // nothing on disk: the prefix is the official image's, /etc/nginx
                case "ENV" when EnvFilter().Match(parts[1]) is { Success: true } match:
                    filter = match.Groups["value"].Value;
                    break;
                case "COPY":
                    var (source, target) = (parts[1].Split(' ')[0], parts[1].Split(' ')[1]);
                    Copy(Path.Combine(context, source), InRoot(target), target.EndsWith('/'));
                    break;
                case "RUN" when parts[1].StartsWith("mkdir -p "):
                    foreach (var directory in parts[1]["mkdir -p ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        Directory.CreateDirectory(InRoot(directory));
                    }
                    break;
                default:
                    throw new NotSupportedException($"NginxImageLayout does not reproduce the Dockerfile line '{line}'.");
            }
        }
        return filter;
    }

    private string InRoot(string imagePath) => Path.Combine(_root.FullName, imagePath.TrimStart('/'));

    private static void Copy(string source, string target, bool intoDirectory)
    {
        if (Directory.Exists(source))
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)), intoDirectory: false);
            }
            return;
        }

        var destination = intoDirectory ? Path.Combine(target, Path.GetFileName(source)) : target;
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination);
    }

    /// <summary>As the image's 20-envsubst-on-templates.sh: templates/X.template becomes conf.d/X.</summary>
    private async Task RenderTemplatesAsync(IReadOnlyDictionary<string, string> variables)
    {
        var shellFormat = string.Join(' ', variables.Keys.Select(name => "${" + name + "}"));
        foreach (var template in Directory.EnumerateFiles(Path.Combine(Prefix, "templates"), "*.template"))
        {
            var start = new ProcessStartInfo("envsubst")
            {
                ArgumentList = { shellFormat },
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in variables)
            {
                start.Environment[name] = value;
            }

            using var envsubst = Process.Start(start)!;
            var rendered = envsubst.StandardOutput.ReadToEndAsync();
            var errors = envsubst.StandardError.ReadToEndAsync();
            await envsubst.StandardInput.WriteAsync(await File.ReadAllTextAsync(template));
            envsubst.StandardInput.Close();
            await envsubst.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (envsubst.ExitCode != 0)
            {
                throw new InvalidOperationException($"envsubst failed on {template}: {await errors}");
            }

            await File.WriteAllTextAsync(Path.Combine(Prefix, "conf.d", Path.GetFileNameWithoutExtension(template)), await rendered);
        }
    }

    [GeneratedRegex("""^NGINX_ENVSUBST_FILTER="?(?<value>[^"]*)"?$""")]
    private static partial Regex EnvFilter();
}
