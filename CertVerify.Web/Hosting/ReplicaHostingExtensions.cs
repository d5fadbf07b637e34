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
        builder.Services.AddOptions<PublicUrlOptions>().Bind(builder.Configuration.GetSection(PublicUrlOptions.SectionName))
            .Validate(PublicUrlOptions.IsValid, PublicUrlOptions.Requirement)
            .ValidateOnStart();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.AddRetryAfterHeader);
        builder.Services.AddValidation();
        builder.Services.AddStrictJsonInputs();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) reach BadRequestExceptionHandler instead of an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(AcceptWhatNginxForwards);

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

    // Bytes of a header value that are not UTF-8 become U+FFFD instead of a refusal the application never sees.
    private static readonly System.Text.Encoding LenientUtf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Kestrel refuses what it cannot parse before the application sees it, with a bare status and no body. Nginx, the
    /// only entry point, refuses oversized request lines and headers itself (as problems) at 8 KB a line and 32 KB in
    /// all: Kestrel's limits sit above those, and it reads any header bytes, so that whatever Nginx forwards reaches
    /// the application, which answers with problem details.
    /// </summary>
    private static void AcceptWhatNginxForwards(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestLineSize = 16 * 1024;
        kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        // 32 KB holds 8,192 of the shortest header lines ("a:\r\n"), and Nginx adds its own.
        kestrel.Limits.MaxRequestHeaderCount = 16 * 1024;
        kestrel.RequestHeaderEncodingSelector = _ => LenientUtf8;
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
