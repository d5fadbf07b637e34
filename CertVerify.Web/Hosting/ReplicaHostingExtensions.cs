using CertVerify.Web.Pages;
using Microsoft.AspNetCore.HttpOverrides;

namespace CertVerify.Web.Hosting;

/// <summary>What every replica does the same way: its identity, trusted proxy headers, errors and request counting.</summary>
public static class ReplicaHostingExtensions
{
    public const string InstanceIdHeader = "X-Instance-Id";

    public static WebApplicationBuilder AddReplicaHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InstanceIdentity>();
        builder.Services.AddSingleton<RequestCounter>();
        builder.Services.AddProblemDetails();
        builder.Services.AddValidation();
        builder.Services.AddStrictJsonInputs();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) reach BadRequestExceptionHandler instead of an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        var proxy = builder.Configuration.GetSection(ReverseProxyOptions.SectionName).Get<ReverseProxyOptions>()
            ?? new ReverseProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var network in proxy.TrustedNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        return builder;
    }

    public static WebApplication UseReplicaHosting(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseErrorPages();
        app.UseInputRejection();

        var identity = app.Services.GetRequiredService<InstanceIdentity>();
        var counter = app.Services.GetRequiredService<RequestCounter>();
        app.Use((context, next) =>
        {
            counter.Increment();
            // When the response starts: the exception handler clears the headers set before an error (a 503 while
            // PostgreSQL is down must still say which replica answered).
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[InstanceIdHeader] = identity.InstanceId;
                return Task.CompletedTask;
            });
            return next(context);
        });

        return app;
    }
}
