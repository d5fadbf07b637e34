using System.Diagnostics;
using System.Net;

namespace CertVerify.Tests.Nginx;

/// <summary>
/// A second Nginx in front of the topology's, as a platform's TLS-terminating ingress would be: it listens on
/// <see cref="Address"/>, connects to ours from that address, appends its peer to <c>X-Forwarded-For</c> and reports
/// <c>X-Forwarded-Proto: https</c>. The topology trusts <see cref="Network"/> as its ingress (<c>Nginx:TrustedIngressNetworks</c>).
/// </summary>
public sealed class FrontProxy : IAsyncDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");
    public const string Network = "127.0.0.2/32";

    private readonly OwnProcess _nginx;

    private FrontProxy(OwnProcess nginx, Uri uri) => (_nginx, Uri) = (nginx, uri);

    public Uri Uri { get; }

    public static async Task<FrontProxy> StartAsync(Uri nginx)
    {
        var port = LocalPorts.Free(Address);
        var directory = Directory.CreateTempSubdirectory("certverify-front-proxy");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "nginx.conf"), $$"""
            worker_processes 1;
            pid front.pid;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path temp;
                proxy_temp_path temp;
                server {
                    listen {{Address}}:{{port}};
                    location / {
                        proxy_pass http://127.0.0.1:{{nginx.Port}};
                        proxy_bind {{Address}};
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto https;
                    }
                }
            }
            """);
        var proxy = await OwnProcess.StartAsync(
            new ProcessStartInfo("nginx", ["-p", directory.FullName, "-c", "nginx.conf", "-e", "stderr", "-g", "daemon off;"]), directory, Address, port);
        return new FrontProxy(proxy, new Uri($"http://{Address}:{port}"));
    }

    public ValueTask DisposeAsync() => _nginx.DisposeAsync();
}
