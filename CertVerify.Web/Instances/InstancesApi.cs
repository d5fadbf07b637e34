using CertVerify.Web.Hosting;

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
            .AddEndpointFilter(OperatorsOnly);

        api.MapGet("/", async (InstanceRegistry registry, HttpContext context) =>
        {
            var instances = await registry.ListAsync();
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new InstanceList(instances.Count, instances));
        }).WithName("ListInstances");

        return app;
    }

    /// <summary>
    /// Operator endpoints answer only callers on this machine (directly or through the trusted proxy)
    /// until accounts and roles exist.
    /// </summary>
    private static ValueTask<object?> OperatorsOnly(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        invocation.HttpContext.IsLoopback()
            ? next(invocation)
            : ValueTask.FromResult<object?>(TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "Operator endpoints are only available from the host itself."));

    public sealed record InstanceList(int Count, IReadOnlyList<InstanceInfo> Instances);
}
