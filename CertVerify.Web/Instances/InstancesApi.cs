using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Documents;
using CertVerify.Web.Health;
using CertVerify.Web.Hosting;
using CertVerify.Web.Verification;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Instances;

public static class InstancesApi
{
    public static WebApplicationBuilder AddInstanceRegistry(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<InstanceRegistryOptions>(builder.Configuration.GetSection(InstanceRegistryOptions.SectionName));
        builder.Services.AddSingleton<InstanceRegistry>();
        builder.Services.AddHostedService<InstanceHeartbeatService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/instances")
            .WithTags("Instances")
            .RequireAuthorization(Policies.Admin);

        api.MapGet("/", async (InstanceRegistry registry, HttpContext context) =>
        {
            var instances = await registry.ListAsync();
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new InstanceList(instances.Count, instances));
        }).WithName("ListInstances")
            .WithSummary("The running replicas")
            .WithDescription("Every replica whose heartbeat is recent, as recorded in Redis.");

        // This replica's own live figures (call a replica directly, or through Nginx for any one of them).
        api.MapGet("/self", async (InstanceIdentity identity, RequestCounter requests, VerificationCache cache, CertificateDocuments documents,
            DependencyHealth dependencies, IOptions<DatabaseOptions> database, HttpContext context, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var connections = await dependencies.CountConnectionsAsync(identity.InstanceId, ct);
            return TypedResults.Ok(new InstanceStatistics(identity.InstanceId, requests.Served, cache.Statistics,
                new PoolStatistics(database.Value.MaxPoolSize, connections?.Open, connections?.Active), documents.Statistics));
        }).WithName("InstanceStatistics")
            .WithSummary("This replica's live figures")
            .WithDescription("Requests served, verification cache, database pool and document rendering of the replica that answered.");

        return app;
    }

    public sealed record PoolStatistics(int MaxPoolSize, int? OpenConnections, int? ActiveConnections);

    public sealed record InstanceStatistics(string InstanceId, long RequestsServed, CacheStatistics Cache, PoolStatistics Database, DocumentStatistics Documents);

    public sealed record InstanceList(int Count, IReadOnlyList<InstanceInfo> Instances);
}
