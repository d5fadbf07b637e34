namespace CertVerify.Web.Health;

/// <summary>
/// The status word anonymous callers see (<c>/api/health</c>), checked at most once a second per replica however many
/// ask: polling it cannot load PostgreSQL or Redis. Concurrent callers share the check in flight.
/// </summary>
public sealed class HealthStatusCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Task<string>? _current;
    private long _checkedAt;

    public Task<string> GetAsync()
    {
        lock (_gate)
        {
            if (_current is null || clock.GetElapsedTime(_checkedAt) >= Lifetime)
            {
                _checkedAt = clock.GetTimestamp();
                _current = CheckAsync();
            }

            return _current;
        }
    }

    /// <summary>Not cancelled with any one caller's request: the others wait for the same check (each dependency times out by itself).</summary>
    private async Task<string> CheckAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var (database, redis) = await scope.ServiceProvider.GetRequiredService<DependencyHealth>().CheckAsync(CancellationToken.None);
        return DependencyCheck.Overall(database, redis);
    }
}
