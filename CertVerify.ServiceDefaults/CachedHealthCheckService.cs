using System.Runtime.CompilerServices;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Health reports reused for <see cref="Lifetime"/>: <c>/health</c> is reachable through the public entry point and
/// checks PostgreSQL and Redis, so however often it is asked (probes, monitors, a flood), each replica checks its
/// dependencies at most once per lifetime for each set of checks. Concurrent callers share the check in flight, which
/// no single caller's cancellation stops (each check has its own timeout).
/// </summary>
public sealed class CachedHealthCheckService(HealthCheckService inner, TimeProvider clock) : HealthCheckService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one dependency check of <c>/health</c> may take before it counts as failed: half a platform's usual
    /// one-second probe timeout, so the probe answers within it while a dependency hangs (a PostgreSQL that was
    /// stopping kept a probe waiting 1.8 s). Each registration of a dependency check passes it.
    /// </summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromMilliseconds(500);

    // Keyed by the predicate instance: each mapped endpoint passes its own, the same one on every request.
    private readonly ConditionalWeakTable<object, RecentResult<HealthReport>> _reports = [];
    private readonly object _everyCheck = new();

    public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default) =>
        _reports.GetValue(predicate ?? _everyCheck, _ => new(() => inner.CheckHealthAsync(predicate, CancellationToken.None), clock, Lifetime))
            .GetAsync().WaitAsync(cancellationToken);
}
