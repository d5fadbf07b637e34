using System.Diagnostics;

namespace CertVerify.Tests.Topology;

public static class Eventually
{
    /// <summary>Polls until the condition holds or the time is up; a request that fails counts as "not yet".</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not yet: the next attempt decides.
            }

            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(100);
        }
    }
}
