using System.Diagnostics;
using System.Net.Sockets;
using System.Net;

namespace CertVerify.Tests.Support;

/// <summary>Ports for processes a test starts itself (an Nginx of its own), on a loopback address of its choice.</summary>
public static class LocalPorts
{
    /// <summary>A port nothing listens on at the moment.</summary>
    public static int Free(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the port, unless <paramref name="failed"/> says it never will.</summary>
    public static async Task WaitUntilListeningAsync(IPAddress address, int port, Func<bool>? failed = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(address, port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30) && failed?.Invoke() != true)
            {
                await Task.Delay(50);
            }
        }
    }
}
