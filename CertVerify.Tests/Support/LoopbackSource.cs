using System.Net.Sockets;
using System.Net;

namespace CertVerify.Tests.Support;

/// <summary>Connections from a loopback address of a test's choosing: to Nginx, a distinct client of its own.</summary>
public static class LoopbackSource
{
    /// <summary>A transport whose connections come from <paramref name="source"/>; cookies are the caller's, redirects are not followed.</summary>
    public static SocketsHttpHandler Transport(IPAddress source) => new()
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectCallback = (context, ct) => ConnectAsync(source, context, ct),
    };

    /// <summary>Connects from <paramref name="source"/> to the requested port on the requested address (loopback for a name).</summary>
    private static async ValueTask<Stream> ConnectAsync(IPAddress source, SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            var target = IPAddress.TryParse(context.DnsEndPoint.Host, out var address) ? address : IPAddress.Loopback;
            await socket.ConnectAsync(target, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
