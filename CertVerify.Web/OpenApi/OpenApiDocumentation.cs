using System.Reflection;
using System.Security.Cryptography;
using CertVerify.Web.Hosting;
using CertVerify.Web.Security;
using Scalar.AspNetCore;

namespace CertVerify.Web.OpenApi;

/// <summary>
/// The API's OpenAPI document (<c>/openapi/v1.json</c>) and its reference UI (<c>/api/docs</c>): public documentation of
/// a public API, anonymous in every environment. The document lists the <c>/api</c> endpoints (and the JWKS verifiers
/// need); pages, health probes and static files are not part of the API. It is also written into the repository at
/// build time (docs/openapi/v1.json, see docs/openapi.md).
/// </summary>
public static class OpenApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/api/docs";

    /// <summary>
    /// True when the build runs the application to write the document: Microsoft.Extensions.ApiDescription.Server runs
    /// Program.cs up to <c>app.Run()</c> and starts the host with a server that never listens.
    /// </summary>
    public static bool IsBuildTimeGeneration => Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>
    /// For <see cref="IsBuildTimeGeneration"/>: no background service starts (cache invalidation, heartbeat, the Data
    /// Protection key ring...), so that writing the document needs neither PostgreSQL nor Redis. Only the web host
    /// does: it builds the request pipeline, which registers the endpoints the document lists.
    /// </summary>
    public static IServiceCollection WithoutBackgroundServices(this IServiceCollection services)
    {
        foreach (var background in services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Name != "GenericWebHostService").ToList())
        {
            services.Remove(background);
        }

        return services;
    }

    public static IServiceCollection AddCertVerifyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => IsApi(description.RelativePath);
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddSchemaTransformer<JsonInputsSchemaTransformer>();
            options.AddSchemaTransformer<OptionalNullablesSchemaTransformer>();
            // Examples before problems: they declare the bodies of endpoints that read their body themselves, and the
            // body-related problems are derived from those (so an example can only name a response the endpoint declares).
            options.AddOperationTransformer<AuthorizationTransformer>();
            options.AddOperationTransformer<ExamplesTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
        });

    /// <summary>
    /// The document and the reference UI. The UI's script is served from the Scalar package itself (no CDN); its inline
    /// start-up script carries a nonce made for each request, which the page's Content-Security-Policy admits.
    /// </summary>
    public static IEndpointRouteBuilder MapCertVerifyOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, (options, context) =>
            {
                var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.ApiReferencePolicy(nonce);
                options.WithTitle("CertVerify API")
                    .WithOpenApiRoutePattern(DocumentPath)
                    .AddDocument(DocumentName)
                    .WithDynamicBaseServerUrl(true)
                    .WithNonce(nonce)
                    .DisableDefaultFonts()
                    .DisableTelemetry()
                    .DisableAgent()
                    .DisableMcp()
                    .AddPreferredSecuritySchemes(ApiDocumentTransformer.ApiKeyScheme);
            })
            .AllowAnonymous()
            // Scalar renders a page for any name in /api/docs/{documentName}; there is one document, the rest is 404.
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.GetRouteValue("documentName") is string name && name != DocumentName
                    ? Problems.NotFound("API document")
                    : await next(context));
        return app;
    }

    private static bool IsApi(string? relativePath) =>
        relativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith(".well-known/", StringComparison.Ordinal));
}
