using CertVerify.Web.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertVerify.Web.OpenApi;

/// <summary>The document's description and the two ways to authenticate, as security schemes.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SessionScheme = "session";
    public const string ApiKeyScheme = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CertVerify API",
            Version = OpenApiDocumentation.DocumentName,
            Description =
                "Issue, manage and verify certificates. Verification, documents, credentials and the organisation profile " +
                "are public; everything else needs a signed-in session or an API key, and each operation says which roles " +
                "it admits. Every refusal is an RFC 9457 problem (`application/problem+json`).",
        };

        // The API is where this document was fetched from (every deployment serves its own): a relative server, so the
        // document is the same everywhere, the one committed in the repository included.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The deployment that served this document" }];

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [SessionScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = AuthExtensions.SessionCookie,
                Description =
                    "The session cookie set by `POST /api/auth/login`. Requests that change something (anything but GET) " +
                    $"must also send the CSRF token from the login answer or `GET /api/auth/csrf` in `{AuthExtensions.CsrfHeader}`.",
            },
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "CertVerify API key",
                Description =
                    "`Authorization: Bearer cvk_...`, a key created by Staff or an Admin with `POST /api/keys` from a signed-in " +
                    "session. It acts with its owner's role; no CSRF token is needed.",
            },
        };
        return Task.CompletedTask;
    }
}
