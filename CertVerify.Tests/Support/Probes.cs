using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace CertVerify.Tests.Support;

/// <summary>Asking a replica's probes as a platform does.</summary>
public static class Probes
{
    /// <summary>
    /// Asks <paramref name="path"/> until it answers <paramref name="status"/> and <paramref name="body"/>, for as long
    /// as a probe's report may be old (<see cref="CachedHealthCheckService.Lifetime"/>, with margin); returns the last answer.
    /// </summary>
    public static Task<ProbeAnswer> AskUntilAsync(HttpClient client, string path, int status, string body) =>
        Eventually.UntilAsync(() => AskAsync(client, path), answer => answer.Status == status && answer.Body == body,
            3 * CachedHealthCheckService.Lifetime);

    private static async Task<ProbeAnswer> AskAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        using var probe = await client.GetAsync(path);
        return new ProbeAnswer((int)probe.StatusCode, await probe.Content.ReadAsStringAsync(), clock.Elapsed);
    }
}
