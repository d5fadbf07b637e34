using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CertVerify.Tests.Auth;

/// <summary>
/// Every endpoint, every kind of caller, the expected answer: one table. The table must name exactly the endpoints the
/// application maps (read from an in-process instance), so a new endpoint without a rule fails here.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class AuthorizationMatrixTests(InProcessFixture app)
{
    /// <summary>
    /// The kinds of caller; the API keys: a Staff member's, an Admin's of the default issue scope (admitted where Staff
    /// are, refused every Admin operation) and an Admin's of the admin scope (admitted where an Admin is).
    /// </summary>
    public enum Caller { Anonymous, Recipient, Staff, Admin, StaffApiKey, AdminApiKey, AdminScopeApiKey }

    /// <summary>Allowed: any answer but 401 and 403 (the request may still be refused for its content, never with 5xx).</summary>
    internal const int Allowed = 0;

    private static readonly Guid Missing = Guid.NewGuid();

    //                 method    route pattern                                path                                            anon  recip staff admin staff key, admin key (issue, admin scope)
    /// <summary>Also the list of endpoints the hostile request corpus (BadInput) attacks.</summary>
    internal static readonly Rule[] Rules =
    [
        new("GET",    "/",                                          "/",                                                 [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/account",                                   "/account",                                          [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/account/login",                             "/account/login",                                    [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/account/register",                          "/account/register",                                 [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/account/password",                          "/account/password",                                 [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/account/confirm",                           "/account/confirm",                                  [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/account/reset",                             "/account/reset",                                    [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/account/claim",                             "/account/claim",                                    [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/error/{status:int}",                        "/error/404",                                        [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/verify/{code?}",                            "/verify/CV-0000-0000-0000-0000-0000",               [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/me",                                        "/me",                                               [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/u/{handle}",                                "/u/0000000000000000",                               [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console",                                   "/console",                                          [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console/certificates",                      "/console/certificates",                             [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console/certificates/new",                  "/console/certificates/new",                         [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console/certificates/{id:guid}",            $"/console/certificates/{Missing}",                  [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console/bulk",                              "/console/bulk",                                     [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console/templates",                         "/console/templates",                                [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console/templates/new",                     "/console/templates/new",                            [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/console/templates/{id:guid}",               $"/console/templates/{Missing}",                     [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/admin/users",                               "/admin/users",                                      [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/admin/users/{id:guid}",                     $"/admin/users/{Missing}",                           [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/admin/organisation",                        "/admin/organisation",                               [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/admin/audit",                               "/admin/audit",                                      [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/admin/mail",                                "/admin/mail",                                       [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/admin/mail/templates/{kind?}",              "/admin/mail/templates/CertificateExpired",          [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/console/keys",                              "/console/keys",                                     [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/alive",                                     "/alive",                                            [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/health",                                    "/health",                                           [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/health",                                "/api/health",                                       [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/instances/",                            "/api/instances",                                    [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/instances/self",                        "/api/instances/self",                               [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("POST",   "/api/auth/register",                         "/api/auth/register",                                [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/login",                            "/api/auth/login",                                   [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/confirm",                          "/api/auth/confirm",                                 [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/confirm/resend",                   "/api/auth/confirm/resend",                          [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/password-reset",                   "/api/auth/password-reset",                          [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/claim",                            "/api/auth/claim",                                   [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/password-reset/complete",          "/api/auth/password-reset/complete",                 [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/auth/csrf",                             "/api/auth/csrf",                                    [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/logout",                           "/api/auth/logout",                                  [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/auth/me",                               "/api/auth/me",                                      [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/auth/password",                         "/api/auth/password",                                [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/users/",                                "/api/users",                                        [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("POST",   "/api/users/",                                "/api/users",                                        [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/users/{id:guid}",                       $"/api/users/{Missing}",                             [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("PATCH",  "/api/users/{id:guid}",                       $"/api/users/{Missing}",                             [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/users/{id:guid}/sessions",              $"/api/users/{Missing}/sessions",                    [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("DELETE", "/api/users/{id:guid}/sessions",              $"/api/users/{Missing}/sessions",                    [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("DELETE", "/api/users/{id:guid}/sessions/{sessionId}",  $"/api/users/{Missing}/sessions/none",               [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/keys/",                                 "/api/keys",                                         [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/keys/",                                 "/api/keys",                                         [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("DELETE", "/api/keys/{id:guid}",                        $"/api/keys/{Missing}",                              [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/audit",                                 "/api/audit",                                        [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/mail/outbox/",                          "/api/mail/outbox",                                  [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/mail/outbox/summary",                   "/api/mail/outbox/summary",                          [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("POST",   "/api/mail/outbox/{id:guid}/retry",           $"/api/mail/outbox/{Missing}/retry",                 [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/mail/templates/",                       "/api/mail/templates",                               [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/mail/templates/{kind}",                 "/api/mail/templates/CertificateExpired",            [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("PUT",    "/api/mail/templates/{kind}",                 "/api/mail/templates/CertificateExpired",            [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("DELETE", "/api/mail/templates/{kind}",                 "/api/mail/templates/CertificateExpired",            [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("POST",   "/api/mail/templates/{kind}/preview",         "/api/mail/templates/CertificateExpired/preview",    [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/organisation/",                         "/api/organisation",                                 [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("PUT",    "/api/organisation/",                         "/api/organisation",                                 [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/organisation/logo",                     "/api/organisation/logo",                            [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("PUT",    "/api/organisation/logo",                     "/api/organisation/logo",                            [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("DELETE", "/api/organisation/logo",                     "/api/organisation/logo",                            [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/api/templates/",                            "/api/templates",                                    [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/templates/",                            "/api/templates",                                    [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/templates/{id:guid}",                   $"/api/templates/{Missing}",                         [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("PUT",    "/api/templates/{id:guid}",                   $"/api/templates/{Missing}",                         [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("DELETE", "/api/templates/{id:guid}",                   $"/api/templates/{Missing}",                         [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/templates/preview",                     "/api/templates/preview",                            [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/certificates/",                         "/api/certificates",                                 [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/",                         "/api/certificates",                                 [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/{id:guid}",                $"/api/certificates/{Missing}",                      [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/certificates/{id:guid}/revoke",         $"/api/certificates/{Missing}/revoke",               [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/certificates/{id:guid}/notify",         $"/api/certificates/{Missing}/notify",               [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/certificates/{id:guid}/suspend",        $"/api/certificates/{Missing}/suspend",              [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/certificates/{id:guid}/reinstate",      $"/api/certificates/{Missing}/reinstate",            [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/certificates/bulk",                     "/api/certificates/bulk",                            [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/bulk/template.csv",        "/api/certificates/bulk/template.csv",               [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/certificates/revoke",                   "/api/certificates/revoke",                          [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/{code}/qr",                "/api/certificates/CV-0000-0000-0000-0000-0000/qr",  [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/{id:guid}/verifications",  $"/api/certificates/{Missing}/verifications",        [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/stats",                                 "/api/stats",                                        [401, 403, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/me/certificates/",                      "/api/me/certificates",                              [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("PATCH",  "/api/me/certificates/{id:guid}",             $"/api/me/certificates/{Missing}",                   [401, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/verify/{code}",                         "/api/verify/CV-0000-0000-0000-0000-0000",           [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/verify/",                               "/api/verify",                                       [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/{code}/credential",        "/api/certificates/CV-0000-0000-0000-0000-0000/credential", [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/{code}/credential.jsonld", "/api/certificates/CV-0000-0000-0000-0000-0000/credential.jsonld", [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/{code}/pdf",               "/api/certificates/CV-0000-0000-0000-0000-0000/pdf", [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/certificates/{code}/png",               "/api/certificates/CV-0000-0000-0000-0000-0000/png", [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/.well-known/jwks.json",                     "/.well-known/jwks.json",                            [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/.well-known/did.json",                      "/.well-known/did.json",                             [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/issuer",                                "/api/issuer",                                       [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/status/{list}",                         "/api/status/revocation-1",                          [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("POST",   "/api/verify/credential",                     "/api/verify/credential",                            [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/signing-keys/",                         "/api/signing-keys",                                 [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("POST",   "/api/signing-keys/rotate",                   "/api/signing-keys/rotate",                          [401, 403, 403, Allowed, 403, 403, Allowed]),
        new("GET",    "/openapi/{documentName}.json",               "/openapi/v1.json",                                  [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/docs/{documentName?}",                  "/api/docs/",                                        [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/docs/scalar.js",                        "/api/docs/scalar.js",                               [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/docs/scalar.aspnetcore.js",             "/api/docs/scalar.aspnetcore.js",                    [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
        new("GET",    "/api/docs/favicon.svg",                      "/api/docs/favicon.svg",                             [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed]),
    ];

    public sealed record Rule(string Method, string Pattern, string Path, int[] Expected);

    [Fact]
    public void The_table_names_every_endpoint_the_application_maps()
    {
        var mapped = MappedEndpoints();
        var ruled = Rules.Select(r => $"{r.Method} {r.Pattern}").ToHashSet();

        Assert.Empty(mapped.Except(ruled));
        Assert.Empty(ruled.Except(mapped));
    }

    [Fact]
    public async Task Every_caller_gets_the_expected_answer_from_every_endpoint()
    {
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            ApiSession? reusable = null;
            foreach (var rule in Rules)
            {
                // A GET changes nothing, so it shares the caller's session; any other request may end the session it is
                // sent with (sign-out, password change), so it gets a fresh one. Signing in hashes a password: fewer is faster.
                using var fresh = rule.Method == "GET" ? null : await SessionForAsync(caller);
                var session = fresh ?? (reusable ??= await SessionForAsync(caller));
                using var response = await session.SendAsync(new HttpMethod(rule.Method), rule.Path,
                    rule.Method is "GET" or "DELETE" ? null : "{}");
                var status = (int)response.StatusCode;
                var expected = rule.Expected[(int)caller];
                var ok = expected == Allowed ? status is not (401 or 403) && status < 500 : status == expected;
                if (!ok)
                {
                    failures.Add($"{caller,-12} {rule.Method,-6} {rule.Path}: {status}, expected {(expected == Allowed ? "allowed" : expected)}");
                }
                else if (status == 403 && await ForbiddenDetailAsync(response) is null)
                {
                    failures.Add($"{caller,-12} {rule.Method,-6} {rule.Path}: 403 without a problem saying what is needed");
                }
            }

            reusable?.Dispose();
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The detail of a 403 problem, which says what the caller lacks (a role, or the key's scope); null when it has none.</summary>
    private static async Task<string?> ForbiddenDetailAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return problem.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text ? text : null;
    }

    private async Task<ApiSession> SessionForAsync(Caller caller)
    {
        switch (caller)
        {
            case Caller.Anonymous:
                return app.NewSession();
            case Caller.Admin:
                return await app.SignInAsAdminAsync();
            case Caller.StaffApiKey:
                return app.NewSession(await StaffKey.Value);
            case Caller.AdminApiKey:
                return app.NewSession(await AdminKey(adminScope: false).Value);
            case Caller.AdminScopeApiKey:
                return app.NewSession(await AdminKey(adminScope: true).Value);
            default:
                var (email, password) = await (caller == Caller.Staff ? StaffUser.Value : RecipientUser.Value);
                return await app.SignInAsync(email, password);
        }
    }

    private Lazy<Task<(string, string)>> StaffUser => _staff ??= new(async () => Credentials(await app.CreateUserAsync("Staff")));
    private Lazy<Task<(string, string)>> RecipientUser => _recipient ??= new(async () => Credentials(await app.CreateUserAsync("Recipient")));
    private Lazy<Task<string>> StaffKey => _key ??= new(async () =>
    {
        var (email, password) = await StaffUser.Value;
        using var staff = await app.SignInAsync(email, password);
        return await staff.CreateApiKeyAsync("matrix");
    });

    private Lazy<Task<string>> AdminKey(bool adminScope) => _adminKeys[adminScope ? 1 : 0] ??= new(async () =>
    {
        using var admin = await app.SignInAsAdminAsync();
        return await admin.CreateApiKeyAsync("matrix", adminScope ? InProcessFixture.AdminPassword : null);
    });

    private readonly Lazy<Task<string>>?[] _adminKeys = new Lazy<Task<string>>?[2];
    private Lazy<Task<(string, string)>>? _staff;
    private Lazy<Task<(string, string)>>? _recipient;
    private Lazy<Task<string>>? _key;

    private static (string, string) Credentials((string Email, string Password, Guid _) user) => (user.Email, user.Password);

    /// <summary>The endpoints the instance maps.</summary>
    private HashSet<string> MappedEndpoints()
    {
        // Static files (the stylesheet) are public by nature and not endpoints of the application's own.
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null
                && e.RoutePattern.RawText != "{**path:file}"); // Development's fallback to files on disk
        return EndpointNames(endpoints).ToHashSet();
    }

    /// <summary>Each endpoint as "METHOD /pattern", once per method it answers, as the rules name them.</summary>
    internal static IEnumerable<string> EndpointNames(IEnumerable<RouteEndpoint> endpoints) =>
        endpoints.SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            .Select(method => $"{method} {"/" + e.RoutePattern.RawText!.TrimStart('/')}"));
}
