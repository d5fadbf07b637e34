using System.Text.Json.Nodes;
using CertVerify.Web.Certificates;
using CertVerify.Web.Credentials;
using CertVerify.Web.Hosting;
using CertVerify.Web.Verification;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CertVerify.Web.OpenApi;

/// <summary>
/// Request and response examples for the main operations (issue, verify, bulk issue, revoke), keyed by operation name
/// (<c>.WithName</c>). Built from the API's own types and serialized like its answers, so they cannot fall out of step
/// with the fields; fixed values, so the generated document is the same on every build. A request with a schema also
/// declares its media type, for the endpoints that read their body themselves (the generator sees no body there).
/// </summary>
public static class OperationExamples
{
    public delegate Task<IOpenApiSchema> SchemaSource(OpenApiOperationTransformerContext context, CancellationToken ct);

    /// <summary>A request body of one content type: its example (none when <paramref name="Value"/> is null), its schema if undeclared.</summary>
    public sealed record Request(string ContentType, string Name, string Summary, object? Value, SchemaSource? Schema = null);

    public sealed record Response(int Status, string Name, string Summary, object Value);

    public sealed record Set(IReadOnlyList<Request> Requests, IReadOnlyList<Response> Responses)
    {
        public IReadOnlyDictionary<string, object> Parameters { get; init; } = new Dictionary<string, object>();
    }

    private const string BaseUrl = "https://certificates.example.org";
    private const string RevocationReason = "Issued in error: the course was not completed.";
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CheckedAt = new(2026, 12, 1, 14, 30, 5, TimeSpan.Zero);
    private static readonly Guid StaffId = Guid.Parse("0195f3a0-4b1e-7c2d-8e3f-1a2b3c4d5e6f");
    private static readonly Guid BatchId = Guid.Parse("0195f3a4-2d6c-7e11-9a8b-5c4d3e2f1a0b");

    private static readonly IssueCertificateRequest Issue = new(
        RecipientName: "Alex Morgan",
        RecipientEmail: "alex.morgan@example.com",
        Title: "Certificate of Completion",
        Description: "For completing Data Engineering 101 with distinction.",
        TemplateId: null,
        IssuedAt: IssuedAt,
        ExpiresAt: IssuedAt.AddYears(3),
        Metadata: new Dictionary<string, string> { ["course"] = "DE-101", ["grade"] = "A" });

    private static readonly Certificate Issued = Certificate(Guid.Parse("0195f3a2-8c41-7d2e-9b1a-4c7e2f6d8a01"), "7Q4MK2XD9HBTW3NPRS6F", Issue);

    private static readonly Certificate Revoked = Certificate(Issued.Id, Issued.Code, Issue, CertificateStatus.Revoked, CheckedAt, RevocationReason);

    private static readonly BulkRow[] BulkRows =
    [
        new("Alex Morgan", "alex.morgan@example.com", "Certificate of Completion", null, IssuedAt, null, "Course completion", new() { ["grade"] = "A" }),
        new("Sam Lee", "sam.lee@example.com", "Certificate of Completion", null, IssuedAt, null, "Course completion", new() { ["grade"] = "B" }),
    ];

    private const string BulkCsvBody =
        "recipientName,recipientEmail,title,description,issuedAt,expiresAt,template,meta.grade\r\n" +
        "Alex Morgan,alex.morgan@example.com,Certificate of Completion,,2026-11-20,,Course completion,A\r\n" +
        "Sam Lee,sam.lee@example,Certificate of Completion,,2026-11-20,,Course completion,B\r\n";

    private static readonly IssuedRow[] IssuedRows =
    [
        new(1, Issued.Id, CertificateCode.Format(Issued.Code), PublicUrls.Verification(BaseUrl, CertificateCode.Format(Issued.Code))),
        new(2, Guid.Parse("0195f3a2-8c41-7d2e-9b1a-4c7e2f6d8a02"), "CV-3FJW-8KQ2-MX7C-RD4T-N9PB", PublicUrls.Verification(BaseUrl, "CV-3FJW-8KQ2-MX7C-RD4T-N9PB")),
    ];

    private static readonly Verdict Valid = new(
        CertificateCode.Format(Issued.Code), VerificationStatus.Valid, CheckedAt,
        new VerifiedCertificate(Issue.Title, Issue.RecipientName, new VerifiedIssuer("Example Academy", "https://academy.example.org"),
            IssuedAt, Issue.ExpiresAt, RevokedAt: null, RevocationReason: null, SuspendedAt: null, SuspensionReason: null),
        PublicUrls.Credential(BaseUrl, CertificateCode.Format(Issued.Code)), "web-2");

    private static readonly Verdict Unknown = new("CV-0000-0000-0000-0000-0000", VerificationStatus.NotFound, CheckedAt, null, null, "web-1");

    private static readonly Response NotACode = new(StatusCodes.Status400BadRequest, "notACode", "Not a certificate code",
        TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["code"] = ["Not a certificate code: expected CV- followed by 20 letters and digits."],
        }).ProblemDetails);

    /// <summary>A compact JWS as a credential comes (shortened: it would not verify).</summary>
    private const string SampleJwt =
        "eyJhbGciOiJFUzI1NiIsImtpZCI6ImRpZDp3ZWI6Y2VydGlmaWNhdGVzLmV4YW1wbGUub3JnI2tleS0yMDI2LTExIiwidHlwIjoiSldUIn0.eyJpc3MiOiJkaWQ6d2ViOmNlcnRpZmljYXRlcy5leGFtcGxlLm9yZyJ9.MEUCIQ";

    private static readonly CredentialVerdict CredentialValid = new(Valid.Code, VerificationStatus.Valid, CheckedAt, Valid.Certificate,
        Valid.CredentialUrl, Valid.InstanceId, new CredentialChecks(
            new CredentialCheck(true, "ES256 signature verified; iss, jti, nbf, sub and exp mirror the credential."),
            new CredentialCheck(true, "Key did:web:certificates.example.org#key-2026-11 in the DID document, published 2026-11-01T00:00:00Z, in use."),
            new CredentialCheck(true, "Valid against 1EdTech's Open Badges 3.0 AchievementCredential JSON Schema."),
            new CredentialCheck(true, "Valid until 2029-11-20T09:00:00Z."),
            new CredentialCheck(true, "Not revoked: its bit in the revocation list is not set."),
            new CredentialCheck(true, "Not suspended.")));

    public static readonly IReadOnlyDictionary<string, Set> ByOperation = new Dictionary<string, Set>
    {
        ["IssueCertificate"] = new(
            [new("application/json", "issue", "A certificate with an expiry and metadata", Issue)],
            [
                new(StatusCodes.Status201Created, "issued", "Issued", CertificateView.From(Issued, BaseUrl)),
                new(StatusCodes.Status400BadRequest, "invalid", "A field refused", TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["expiresAt"] = ["The expiry must be after the issue date."] }).ProblemDetails),
            ]),
        ["VerifyCode"] = new([], [
                new(StatusCodes.Status200OK, "valid", "A valid certificate", Valid),
                new(StatusCodes.Status404NotFound, "unknown", "No certificate has this code", Unknown),
                NotACode,
            ])
        {
            Parameters = new Dictionary<string, object> { ["code"] = CertificateCode.Format(Issued.Code) },
        },
        ["VerifyCodeInBody"] = new(
            [new("application/json", "code", "A code as printed or scanned", new VerifyApi.VerifyRequest(CertificateCode.Format(Issued.Code)))],
            [
                new(StatusCodes.Status200OK, "valid", "A valid certificate", Valid),
                new(StatusCodes.Status404NotFound, "unknown", "No certificate has this code", Unknown),
                NotACode,
            ]),
        ["VerifyCredential"] = new(
            [
                new("application/json", "json", "The credential in JSON", new CredentialsApi.VerifyCredentialRequest(JsonValue.Create(SampleJwt)),
                    Json<CredentialsApi.VerifyCredentialRequest>),
                .. CredentialsApi.RawMediaTypes.Select(type => new Request(type, "jwt", "The JWT itself as the body", SampleJwt, Text)),
            ],
            [new(StatusCodes.Status200OK, "valid", "Every check passed", CredentialValid)]),
        ["BulkIssueCertificates"] = new(
            [
                new("application/json", "rows", "Two rows, the template named", BulkRows, Json<List<BulkRow>>),
                new("text/csv", "csv", "The same as a CSV file, with one bad email", BulkCsvBody, Text),
                new("multipart/form-data", "upload", "A form with the CSV file, as a browser sends it",
                    new Dictionary<string, string> { ["file"] = "certificates.csv" }, Upload),
            ],
            [
                new(StatusCodes.Status201Created, "allIssued", "Every row issued, under one batch",
                    new BulkResult(BatchId, false, 2, 0, IssuedRows, [])),
                new(StatusCodes.Status207MultiStatus, "someRejected", "The valid rows issued, the others reported",
                    new BulkResult(BatchId, false, 1, 1, IssuedRows[..1], [new RowError(2, "recipientEmail", "Not a valid email address.", Line: 3)])),
                new(StatusCodes.Status200OK, "dryRun", "?dryRun=true: checked, nothing issued",
                    new BulkResult(null, true, 2, 0, [], [], BulkRows.Select(PreviewRow.From).ToList())),
            ]),
        ["UploadOrganisationLogo"] = new([.. new[] { "image/png", "image/jpeg", "image/webp" }.Select(type => new Request(type, "image", "The image itself", null, Binary))], []),
        ["RevokeCertificate"] = new(
            [new("application/json", "reason", "The reason every verification will show", new StatusChangeRequest(RevocationReason))],
            [new(StatusCodes.Status200OK, "revoked", "Revoked (final)", CertificateView.From(Revoked, BaseUrl))]),
        ["RevokeCertificates"] = new(
            [new("application/json", "ids", "Several certificates, one reason", new BulkRevokeRequest([Issued.Id, IssuedRows[1].Id], RevocationReason))],
            [new(StatusCodes.Status200OK, "revoked", "One revoked, one already revoked", new BulkRevokeResult(1, 1, []))]),
    };

    private static Certificate Certificate(Guid id, string code, IssueCertificateRequest request,
        CertificateStatus status = CertificateStatus.Active, DateTimeOffset? changedAt = null, string? reason = null) => new()
    {
        Id = id,
        Code = code,
        RecipientName = request.RecipientName,
        RecipientEmail = request.RecipientEmail,
        Title = request.Title,
        Description = request.Description,
        IssuedAt = request.IssuedAt!.Value,
        ExpiresAt = request.ExpiresAt,
        Status = status,
        StatusChangedAt = changedAt,
        StatusReason = reason,
        IssuedBy = StaffId,
        Metadata = request.Metadata!,
    };

    private static async Task<IOpenApiSchema> Json<T>(OpenApiOperationTransformerContext context, CancellationToken ct) =>
        await context.GetOrCreateSchemaAsync(typeof(T), null, ct);

    private static Task<IOpenApiSchema> Text(OpenApiOperationTransformerContext context, CancellationToken ct) =>
        Task.FromResult<IOpenApiSchema>(new OpenApiSchema { Type = JsonSchemaType.String });

    private static Task<IOpenApiSchema> Binary(OpenApiOperationTransformerContext context, CancellationToken ct) =>
        Task.FromResult<IOpenApiSchema>(new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" });

    private static Task<IOpenApiSchema> Upload(OpenApiOperationTransformerContext context, CancellationToken ct) =>
        Task.FromResult<IOpenApiSchema>(new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "file" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The CSV file, the only file of the form." },
            },
        });
}
