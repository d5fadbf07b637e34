namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A result produced at most once per <c>lifetime</c> however often it is asked for: callers within the lifetime get
/// the same task, so concurrent callers share the one in flight. For checks anyone may trigger (health), so that
/// asking often cannot load what they check.
/// </summary>
public sealed class RecentResult<T>(Func<Task<T>> produce, TimeProvider clock, TimeSpan lifetime)
{
    private readonly Lock _gate = new();
    private Task<T>? _current;
    private long _producedAt;

    public Task<T> GetAsync()
    {
        lock (_gate)
        {
            if (_current is null || clock.GetElapsedTime(_producedAt) >= lifetime)
            {
                _producedAt = clock.GetTimestamp();
                _current = produce();
            }

            return _current;
        }
    }
}
