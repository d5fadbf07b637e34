using CertVerify.Web.ApiKeys;
using CertVerify.Web.Audit;
using CertVerify.Web.Auth;
using CertVerify.Web.Certificates;
using CertVerify.Web.Credentials;
using CertVerify.Web.Data;
using CertVerify.Web.Documents;
using CertVerify.Web.Health;
using CertVerify.Web.Hosting;
using CertVerify.Web.Instances;
using CertVerify.Web.Mail;
using CertVerify.Web.OpenApi;
using CertVerify.Web.Organisation;
using CertVerify.Web.Pages;
using CertVerify.Web.RecipientMail;
using CertVerify.Web.Security;
using CertVerify.Web.Templates;
using CertVerify.Web.Users;
using CertVerify.Web.Verification;
using CertVerify.Web;

var builder = WebApplication.CreateBuilder(args);

// The build writes docs/openapi/v1.json by running this file up to app.Run() (docs/openapi.md): no PostgreSQL, no Redis.
var writingOpenApiDocument = OpenApiDocumentation.IsBuildTimeGeneration;

builder.AddServiceDefaults();
builder.AddReplicaHosting();
builder.AddCertVerifyDatabase();
// Outside Development the key ring must be encrypted; nothing is protected while the document is written.
builder.AddProtectedKeyRing(requireCertificate: !builder.Environment.IsDevelopment() && !writingOpenApiDocument);
builder.AddSharedState();
builder.AddCertVerifyAuth();
builder.AddInstanceRegistry();
builder.Services.AddCertVerifyRateLimiting(builder.Configuration);
builder.Services.AddAuditLog();
builder.Services.AddMail(builder.Configuration);
builder.Services.AddApiKeyManagement();
builder.Services.AddUserAdministration();
builder.Services.AddOrganisation();
builder.Services.AddTemplates();
builder.Services.AddCertificates(builder.Configuration);
builder.Services.AddRecipientMail(builder.Configuration);
builder.Services.AddVerification(builder.Configuration);
builder.Services.AddCredentials(builder.Configuration);
builder.Services.AddDocuments(builder.Configuration);
builder.Services.AddDependencyHealth();
builder.Services.AddCertVerifyPages();
builder.Services.AddCertVerifyOpenApi();

if (writingOpenApiDocument)
{
    builder.Services.WithoutBackgroundServices();
    // Nothing is linked while the document is written, but the host checks its settings: the required address gets a placeholder.
    builder.Configuration[$"{PublicUrlOptions.SectionName}:PublicBaseUrl"] ??= "https://certificates.example.org";
}

var app = builder.Build();

app.UseReplicaHosting();
app.UseSecurityHeaders();
// Routing after what shapes every answer (errors and error pages, instance header, host check, security headers), so
// that a re-executed error is routed to its page and short-circuited probes still get all of that and nothing more.
app.UseRouting();
app.UseAuthenticationWhereRead();
app.UseCsrfProtection();
app.UseRateLimiter();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapStaticAssets().AllowAnonymous();
app.MapGet("/", () => Results.Redirect("/verify")).AllowAnonymous().ExcludeFromDescription();
app.MapCertVerifyPages();

// Safe defaults: an endpoint that states no rule of its own is for signed-in callers only, and is rate limited
// per user or API key (per client IP when anonymous) unless it names a limit of its own.
var endpoints = app.MapGroup("").RequireAuthorization().RequireRateLimiting(RateLimits.UserPolicy);
endpoints.MapHealthApi();
endpoints.MapInstancesApi();
endpoints.MapAuthApi();
endpoints.MapUsersApi();
endpoints.MapApiKeysApi();
endpoints.MapAuditApi();
endpoints.MapMailApi();
endpoints.MapRecipientMailApi();
endpoints.MapOrganisationApi();
endpoints.MapTemplatesApi();
endpoints.MapTemplatePreviewApi();
endpoints.MapCertificatesApi();
endpoints.MapMyCertificatesApi();
endpoints.MapBulkIssueApi();
endpoints.MapQrCodeApi();
endpoints.MapVerifyApi();
endpoints.MapVerificationStatsApi();
endpoints.MapCredentialsApi();
endpoints.MapDocumentsApi();
endpoints.MapCertVerifyOpenApi();

if (!writingOpenApiDocument)
{
    // Settings first (Certificates:PublicBaseUrl among them): a misconfigured replica stops before touching the database.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    await app.PrepareDatabaseAsync(RedisKeyRingImport.ImportAsync, BootstrapAdmin.EnsureAsync, SigningKeyRing.EnsureAsync);
    await app.WarmUpAsync();
}

app.Run();
