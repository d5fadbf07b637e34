namespace CertVerify.Web.Health;

/// <summary>
/// The status word anonymous callers see (<c>/api/health</c>), checked at most once a second per replica however many
/// ask: polling it cannot load PostgreSQL or Redis. Concurrent callers share the check in flight.
/// </summary>
public sealed class HealthStatusCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly RecentResult<string> _status = new(() => CheckAsync(scopes), clock, Lifetime);

    public Task<string> GetAsync() => _status.GetAsync();

    /// <summary>Not cancelled with any one caller's request: the others wait for the same check (each dependency times out by itself).</summary>
    private static async Task<string> CheckAsync(IServiceScopeFactory scopes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (database, redis) = await scope.ServiceProvider.GetRequiredService<DependencyHealth>().CheckAsync(CancellationToken.None);
        return DependencyCheck.Overall(database, redis);
    }
}
