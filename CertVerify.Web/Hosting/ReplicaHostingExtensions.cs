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
        builder.Services.AddSingleton<AllowedHosts>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.AddRetryAfterHeader);
        builder.Services.AddValidation();
        builder.Services.AddStrictJsonInputs();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyUnavailableExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) reach BadRequestExceptionHandler instead of an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(AcceptWhatNginxForwards);

        builder.TrustForwardedHeadersFromProxies();
        return builder;
    }

    /// <summary>
    /// The client's address and scheme from <c>X-Forwarded-For</c> and <c>-Proto</c>, believed only from the configured
    /// proxies and no further back than Nginx's entry. <c>X-Forwarded-Host</c> is not read: nothing may come from a
    /// request's host (links and identifiers use <see cref="PublicUrlOptions"/>).
    /// </summary>
    private static void TrustForwardedHeadersFromProxies(this WebApplicationBuilder builder)
    {
        // UseReplicaHosting places the middleware itself; the switch Aspire sets when publishing
        // (ASPNETCORE_FORWARDEDHEADERS_ENABLED) would add a second pass at the start of the pipeline.
        builder.Configuration["ForwardedHeaders_Enabled"] = "false";

        var proxy = builder.Configuration.GetSection(ReverseProxyOptions.SectionName).Get<ReverseProxyOptions>()
            ?? new ReverseProxyOptions();
        if (proxy.ProxyHops < 1)
        {
            throw new InvalidOperationException($"{ReverseProxyOptions.SectionName}:{nameof(ReverseProxyOptions.ProxyHops)} is {proxy.ProxyHops}; Nginx is at least one.");
        }

        builder.Services.Configure<ReverseProxyOptions>(builder.Configuration.GetSection(ReverseProxyOptions.SectionName));
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = proxy.ProxyHops;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var network in proxy.TrustedNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
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
        if (!app.Environment.IsDevelopment())
        {
            // Sent only on https requests: those a trusted ingress reported as https (X-Forwarded-Proto).
            app.UseHsts();
        }

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

        app.Use((context, next) => context.RequestServices.GetRequiredService<AllowedHosts>().Allows(context.Request.Host)
            ? next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown host",
                detail: "This server does not answer for the host named in the request.").ExecuteAsync(context));

        return app;
    }
}
