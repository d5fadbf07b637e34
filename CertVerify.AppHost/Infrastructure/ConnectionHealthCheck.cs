using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CertVerify.AppHost.Infrastructure;

/// <summary>
/// A health check whose connection string is only known once the orchestrator has allocated ports:
/// it resolves the string on first use and then keeps the check it builds from it.
/// </summary>
internal sealed class ConnectionHealthCheck(IResourceWithConnectionString resource, Func<string, IHealthCheck> create) : IHealthCheck
{
    private IHealthCheck? _inner;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_inner is null)
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            if (string.IsNullOrEmpty(connectionString))
            {
                return HealthCheckResult.Unhealthy($"{resource.Name} has no connection string yet.");
            }

            _inner = create(connectionString);
        }

        return await _inner.CheckHealthAsync(context, cancellationToken);
    }

    public static IResourceBuilder<T> AddTo<T>(IResourceBuilder<T> resource, Func<string, IHealthCheck> create)
        where T : IResourceWithConnectionString
    {
        var key = $"{resource.Resource.Name}_check";
        var check = new ConnectionHealthCheck(resource.Resource, create);
        resource.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => check, failureStatus: null, tags: null));
        return resource.WithHealthCheck(key);
    }
}
