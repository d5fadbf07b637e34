using System.Diagnostics;

namespace CertVerify.Tests.Support;

/// <summary>Polling for what happens soon but not at once (another replica, a background writer): the one place that waits.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads until the value is <paramref name="done"/> or the time is up, and returns the last value read: assert on it,
    /// so that a failure shows what was seen. <paramref name="interval"/> is the pause between reads (100 ms unless a
    /// read is costly to whoever answers it).
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || clock.Elapsed > within)
            {
                return value;
            }

            await Task.Delay(interval ?? Interval);
        }
    }

    /// <summary>Polls until the condition holds or the time is up; a request that fails counts as "not yet".</summary>
    public static Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within) =>
        UntilAsync(async () =>
        {
            try
            {
                return await condition();
            }
            catch (HttpRequestException)
            {
                return false; // not yet: the next attempt decides
            }
        }, held => held, within);
}
