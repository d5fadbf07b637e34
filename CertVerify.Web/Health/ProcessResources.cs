using System.Diagnostics;

namespace CertVerify.Web.Health;

/// <summary>CPU use of this process since the previous sample (or since start), as a share of all cores.</summary>
public sealed class ProcessResources(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private long _lastTimestamp = clock.GetTimestamp();

    public ResourceUsage Sample()
    {
        using var process = Process.GetCurrentProcess();
        double cpuPercent;
        lock (_gate)
        {
            var cpu = process.TotalProcessorTime;
            var now = clock.GetTimestamp();
            var wall = clock.GetElapsedTime(_lastTimestamp, now);
            cpuPercent = wall > TimeSpan.Zero
                ? (cpu - _lastCpu).TotalMilliseconds / (wall.TotalMilliseconds * Environment.ProcessorCount) * 100
                : 0;
            _lastCpu = cpu;
            _lastTimestamp = now;
        }

        return new ResourceUsage(
            Math.Round(Math.Clamp(cpuPercent, 0, 100), 1),
            ToMb(process.WorkingSet64),
            ToMb(GC.GetTotalMemory(forceFullCollection: false)),
            process.Threads.Count);
    }

    private static double ToMb(long bytes) => Math.Round(bytes / 1024d / 1024d, 1);
}
