using System.Diagnostics;
using System.Net;

namespace CertVerify.Tests.Support;

/// <summary>
/// A server a test starts itself (a second Nginx, an smtp4dev of its own) with a scratch folder: started, waited for
/// until it listens, and on dispose killed with its children and its folder deleted. Its output is read and dropped, so
/// a full pipe never blocks it.
/// </summary>
public sealed class OwnProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private OwnProcess(Process process, DirectoryInfo directory) => (_process, _directory) = (process, directory);

    public static async Task<OwnProcess> StartAsync(ProcessStartInfo start, DirectoryInfo directory, IPAddress address, int port)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new OwnProcess(process, directory);
        try
        {
            await LocalPorts.WaitUntilListeningAsync(address, port, () => process.HasExited);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
