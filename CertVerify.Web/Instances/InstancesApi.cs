using CertVerify.Web.Users;

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
        }).WithName("ListInstances");

        return app;
    }

    public sealed record InstanceList(int Count, IReadOnlyList<InstanceInfo> Instances);
}
