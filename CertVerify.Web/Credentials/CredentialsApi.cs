using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using CertVerify.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Signed credentials anyone can check without trusting this server: each certificate as a VC-JWT, the public
/// keys that verify them, and the status lists that say whether they still hold.
/// </summary>
public static class CredentialsApi
{
    /// <summary>The content types of a JWT sent as the body itself.</summary>
    private const string DidMediaType = "application/did+ld+json";

    /// <summary>A Verifiable Credential 2.0 secured by an embedded proof.</summary>
    private const string DataIntegrityMediaType = "application/vc";

    internal static readonly string[] RawMediaTypes = [VcJwt.MediaType, "application/vc+jwt", "text/plain"];

    /// <summary>The content types of a credential with an embedded proof sent as the body itself.</summary>
    internal static readonly string[] SecuredMediaTypes = [DataIntegrityMediaType, "application/vc+ld+json", "application/ld+json"];

    public static IServiceCollection AddCredentials(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CredentialOptions>(configuration.GetSection(CredentialOptions.SectionName));
        services.AddHttpClient<Canonicalizer>((provider, http) =>
            http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<CredentialOptions>>().Value.CanonicalizerUrl));
        return services.AddSingleton<IssuerIdentity>()
            .AddSingleton<SigningKeyRing>()
            .AddSingleton<StatusLists>()
            .AddSingleton<CertificateCredentials>()
            .AddSingleton<DataIntegrity>()
            .AddScoped<CredentialVerifier>();
    }

    public static IEndpointRouteBuilder MapCredentialsApi(this IEndpointRouteBuilder app)
    {
        var published = app.MapGroup("")
            .WithTags("Credentials")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.VerifyPolicy);
        published.MapGet("/api/certificates/{code}/credential", GetCredentialAsync)
            .WithName("GetCredential")
            .WithSummary("The certificate as a signed credential")
            .WithDescription("An Open Badges 3.0 credential as a JWT (OB 3.0's JWT Proof Format), signed by a key of the issuer's " +
                "did:web (`/.well-known/did.json`), its revocation status in the status list it names: verifiable without trusting this server.")
            .Produces(StatusCodes.Status200OK, typeof(string), VcJwt.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        published.MapGet("/api/certificates/{code}/credential.jsonld", GetDataIntegrityCredentialAsync)
            .WithName("GetDataIntegrityCredential")
            .WithSummary("The certificate as a credential with a Data Integrity proof")
            .WithDescription("The same Open Badges 3.0 credential as JSON-LD with an embedded `DataIntegrityProof` (cryptosuite " +
                "`eddsa-rdfc-2022`), signed by an Ed25519 `Multikey` of the issuer's did:web (`/.well-known/did.json`): the form " +
                "Data Integrity wallets and verifiers read.")
            .Produces<object>(StatusCodes.Status200OK, DataIntegrityMediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        published.MapGet(IssuerIdentity.DidDocumentPath, GetDidDocumentAsync)
            .WithName("GetDidDocument")
            .WithSummary("The issuer's DID document (did:web)")
            .WithDescription("Every key that ever signed, as `JsonWebKey` verification methods `did:web:...#<key id>`: the `kid` of every credential.")
            .Produces<object>(StatusCodes.Status200OK, DidMediaType);
        published.MapGet(IssuerIdentity.ProfilePath, GetProfileAsync)
            .WithName("GetIssuerProfile")
            .WithSummary("The issuer's Open Badges 3.0 Profile")
            .WithDescription("The organisation as the `issuer` of every credential, with the issuer's DID as its `id`.")
            .Produces<object>(StatusCodes.Status200OK, "application/ld+json");
        published.MapGet("/.well-known/jwks.json", GetKeysAsync)
            .WithName("GetSigningKeys")
            .WithSummary("The public keys that sign credentials")
            .WithDescription("Every key that ever signed, so credentials signed before a rotation still verify.")
            .Produces<JwksView>(StatusCodes.Status200OK, "application/jwk-set+json");
        published.MapGet("/api/status/{list}", GetStatusListAsync)
            .WithName("GetStatusList")
            .WithSummary("A credential status list")
            .WithDescription("`revocation-N` or `suspension-N`: a signed Bitstring Status List credential (JWT) computed from " +
                "the certificates' status as it is now.")
            .Produces(StatusCodes.Status200OK, typeof(string), VcJwt.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        published.MapPost("/api/verify/credential", VerifyAsync)
            .WithMetadata(new RequestSizeLimitAttribute(VcJwt.MaxLength))
            .WithName("VerifyCredential")
            .WithSummary("Verify a signed credential")
            .WithDescription("`{\"credential\": \"<jwt>\"}` or the JWT itself as the body (the Open Badges 3.0 JWT format or the " +
                "VC-JOSE-COSE format issued before it); or `{\"credential\": {...}}` or the credential itself as an `application/vc` body, " +
                "secured by a Data Integrity proof (eddsa-rdfc-2022). A well-formed JWS or secured credential always gets a verdict with each " +
                "Open Badges 3.0 check by name (signature, issuerKey, schema, validityWindow, revocation, suspension), `invalid` when one " +
                "fails; anything else is a 400.");

        var keys = app.MapGroup("/api/signing-keys")
            .WithTags("Credentials")
            .RequireAuthorization(Policies.Admin);
        keys.MapGet("/", ListKeysAsync)
            .WithName("ListSigningKeys")
            .WithSummary("List the signing keys")
            .WithDescription("Every key that signed credentials; the current one signs new credentials.");
        keys.MapPost("/rotate", RotateAsync)
            .WithName("RotateSigningKey")
            .WithSummary("Rotate the signing key")
            .WithDescription("New credentials are signed with a new key from now on; every old public key stays published. " +
                "409 when another rotation happened at the same moment.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The certificate as a signed Open Badges 3.0 credential, to anyone holding its code.</summary>
    private static Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetCredentialAsync(
        string code, HttpContext context, CertVerifyDbContext db, CertificateCredentials credentials, PublicUrls urls, CancellationToken ct) =>
        AnswerForCertificateAsync(code, context, db, "jwt", async (certificate, issuer) =>
            TypedResults.Text(await credentials.SignAsync(certificate, issuer, urls.BaseUrl, ct), VcJwt.MediaType), ct);

    /// <summary>The certificate's credential with a Data Integrity proof, to anyone holding its code, like the JWT form.</summary>
    private static Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetDataIntegrityCredentialAsync(
        string code, HttpContext context, CertVerifyDbContext db, CertificateCredentials credentials, PublicUrls urls, CancellationToken ct) =>
        AnswerForCertificateAsync(code, context, db, "jsonld", async (certificate, issuer) =>
            TypedResults.Text((await credentials.SecureAsync(certificate, issuer, urls.BaseUrl, ct)).ToJsonString(), DataIntegrityMediaType), ct);

    /// <summary>A credential of the certificate <paramref name="code"/> names, freshly signed, as a download.</summary>
    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> AnswerForCertificateAsync(
        string code, HttpContext context, CertVerifyDbContext db, string extension,
        Func<Certificate, OrganisationProfile, Task<ContentHttpResult>> sign, CancellationToken ct)
    {
        if (!CertificateCode.TryNormalize(code, out var canonical))
        {
            return Problems.Field("code", "Not a certificate code.");
        }

        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Code == canonical, ct);
        if (certificate is null)
        {
            return Problems.NotFound("certificate");
        }

        var credential = await sign(certificate, await db.LoadOrganisationAsync(ct));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{CertificateCode.Format(canonical)}.{extension}\"";
        return credential;
    }

    /// <summary>Every public key that ever signed, so credentials signed before a rotation still verify.</summary>
    private static async Task<JsonHttpResult<JwksView>> GetKeysAsync(HttpContext context, SigningKeyRing keys, IOptions<CredentialOptions> options, CancellationToken ct)
    {
        var published = await keys.PublishedAsync(ct);
        context.Response.Headers.CacheControl = $"public, max-age={options.Value.KeyRefreshSeconds}";
        return TypedResults.Json(new JwksView(published.Select(k => new JwkView(k.Jwk.Kty, k.Jwk.Crv, k.Jwk.X, k.Jwk.Y, k.Id, k.Jwk.Use, k.Jwk.Alg)).ToList()),
            contentType: "application/jwk-set+json");
    }

    /// <summary>The did:web DID document: what a verifier resolves the <c>kid</c> of a credential with.</summary>
    private static async Task<ContentHttpResult> GetDidDocumentAsync(
        HttpContext context, SigningKeyRing keys, IssuerIdentity identity, IOptions<CredentialOptions> options, CancellationToken ct)
    {
        var published = await keys.PublishedAsync(ct);
        context.Response.Headers.CacheControl = $"public, max-age={options.Value.KeyRefreshSeconds}";
        var document = CredentialDocuments.DidDocument(identity.Did, identity.ProfileUrl, published);
        return TypedResults.Text(document.ToJsonString(), DidMediaType);
    }

    /// <summary>The issuer's Profile, as embedded in every credential, as a JSON-LD document of its own.</summary>
    private static async Task<ContentHttpResult> GetProfileAsync(
        HttpContext context, CertVerifyDbContext db, IssuerIdentity identity, CancellationToken ct)
    {
        var issuer = await db.LoadOrganisationAsync(ct);
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Text(CredentialDocuments.Profile(issuer, identity.Did).ToJsonString(), "application/ld+json");
    }

    public sealed record JwkView(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

    public sealed record JwksView(IReadOnlyList<JwkView> Keys);

    /// <summary>A signed Bitstring Status List credential, computed from the certificates' status as it is now.</summary>
    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetStatusListAsync(
        string list, HttpContext context, CertVerifyDbContext db, StatusLists statusLists, SigningKeyRing keys, IssuerIdentity identity,
        PublicUrls urls, IOptions<CredentialOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!StatusLists.TryParseName(list, out var purpose, out var number))
        {
            return Problems.Field("list", "Expected revocation-N or suspension-N.");
        }

        if (await statusLists.EncodedListAsync(db, purpose, number, ct) is not { } encoded)
        {
            return Problems.NotFound("status list");
        }

        var ttl = TimeSpan.FromSeconds(options.Value.StatusListTtlSeconds);
        var credential = CredentialDocuments.StatusList(identity.Did, urls.BaseUrl, purpose, number, encoded, ttl, clock.GetUtcNow());
        context.Response.Headers.CacheControl = $"public, max-age={options.Value.StatusListTtlSeconds}";
        return TypedResults.Text(VcJwt.Sign(credential, await keys.CurrentAsync(ct)), VcJwt.MediaType);
    }

    /// <summary>A JWT (a string) or a credential secured by an embedded proof (an object).</summary>
    public sealed record VerifyCredentialRequest(JsonNode? Credential);

    /// <summary>
    /// Takes <c>{"credential": "&lt;jwt&gt;"}</c> or the JWT itself as an <c>application/jwt</c> body, or
    /// <c>{"credential": {...}}</c> or the credential itself as an <c>application/vc</c> body. A well-formed JWS or a
    /// JSON object always gets a verdict (<c>invalid</c> when a check fails); anything else is a 400.
    /// </summary>
    private static async Task<Results<Ok<CredentialVerdict>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        HttpContext context, CredentialVerifier verifier, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        var request = context.Request;
        string? token;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var secured) && SecuredMediaTypes.Contains(secured.MediaType, StringComparer.OrdinalIgnoreCase))
        {
            return await ReadSecuredCredentialAsync(request, ct) is { } credential
                ? TypedResults.Ok(await verifier.VerifyAsync(credential, context, ct))
                : Problems.Field("credential", "Expected a credential: a JSON object with its proof.");
        }

        if (request.HasJsonContentType())
        {
            var presented = (await request.ReadJsonBodyAsync<VerifyCredentialRequest>(json.Value.SerializerOptions, "Malformed JSON.", ct))?.Credential;
            if (presented is JsonObject credential)
            {
                return TypedResults.Ok(await verifier.VerifyAsync(credential, context, ct));
            }

            token = presented is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }
        else if (MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && RawMediaTypes.Contains(media.MediaType, StringComparer.OrdinalIgnoreCase))
        {
            token = await ReadTextAsync(request, ct);
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send JSON {{\"credential\": ...}}, the JWT as one of: {string.Join(", ", RawMediaTypes)}, " +
                    $"or the secured credential as one of: {string.Join(", ", SecuredMediaTypes)}.");
        }

        return VcJwt.TryParse(token) is { } parsed
            ? TypedResults.Ok(await verifier.VerifyAsync(parsed, context, ct))
            : Problems.Field("credential", "Not a VC-JWT: expected a compact JWS (three base64url parts separated by dots).");
    }

    /// <summary>A credential sent as an <c>application/vc</c> body (a media type ASP.NET does not read as JSON); null when not an object.</summary>
    private static async Task<JsonObject?> ReadSecuredCredentialAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new BadHttpRequestException("Malformed JSON.", StatusCodes.Status400BadRequest, e);
        }
    }

    private static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
        try
        {
            return await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public sealed record SigningKeyView(string Id, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, bool Current);

    private static async Task<Ok<List<SigningKeyView>>> ListKeysAsync(SigningKeyRing keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.PublishedAsync(ct)).Select(ToView).ToList());

    /// <summary>New credentials are signed with a new key from now on; every old public key stays published.</summary>
    private static async Task<Results<Created<SigningKeyView>, ProblemHttpResult>> RotateAsync(
        SigningKeyRing keys, CertVerifyDbContext db, AuditLog audit, CancellationToken ct)
    {
        PublishedKey key;
        try
        {
            key = await keys.RotateAsync(db, ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return Problems.Conflict("Another rotation happened at the same moment; the keys were rotated once.");
        }

        audit.Add(AuditActions.SigningKeyRotated, key.Id, new { key.Id });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created("/api/signing-keys", ToView(key));
    }

    private static SigningKeyView ToView(PublishedKey key) => new(key.Id, key.CreatedAt, key.RetiredAt, key.RetiredAt is null);
}
