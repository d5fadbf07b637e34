using CertVerify.AppHost.Infrastructure;
using HealthChecks.Redis;

namespace CertVerify.AppHost;

public static class RedisExtensions
{
    public const string ResourceName = "redis";

    /// <summary>Redis for sessions, cache, rate limits, Data Protection keys and the instance registry; published, the operator's server.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCertVerifyRedis(
        this IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        if (builder.PublishesExternalDataStores())
        {
            return builder.AddConnectionString(ResourceName);
        }

        if (mode == InfrastructureMode.Containers)
        {
            var container = builder.AddRedis(ResourceName);
            return builder.KeepsContainerDataVolumes() ? container.WithDataVolume() : container;
        }

        var password = builder.GeneratedSecret("redis-password");
        var redis = builder.AddResource(new HostRedisResource(ResourceName, "bash", builder.AppHostDirectory, password))
            .WithArgs(builder.HostScript("redis.sh"))
            .WithEndpoint(name: HostRedisResource.EndpointName, scheme: "tcp", env: "REDIS_PORT", isProxied: false)
            .WithEnvironment("REDIS_SERVER", HostBinaries.RedisServer)
            .WithEnvironment("REDIS_DATA_DIR", builder.GetHostDataDirectory("redis"))
            .WithEnvironment("REDIS_PASSWORD", password)
            .ExcludeFromManifest();

        return ConnectionHealthCheck.AddTo(redis, connectionString => new RedisHealthCheck(connectionString));
    }
}
