using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CertVerify.Tests.Topology;
using static CertVerify.Tests.Auth.AuthorizationMatrixTests;

namespace CertVerify.Tests.OpenApi;

/// <summary>
/// The OpenAPI document the topology serves (anonymously, through Nginx): the same as the one committed in git, and
/// for every API endpoint the authorization and problems the application really applies.
/// </summary>
[Collection(TopologyCollection.Name)]
[Trait("Tier", "Topology")]
public sealed partial class OpenApiDocumentTests(TopologyFixture topology)
{
    private const string DocumentPath = "/openapi/v1.json";

    private async Task<JsonNode> ServedDocumentAsync()
    {
        using var response = await topology.Nginx.GetAsync(DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>
    /// Against HEAD, not the working tree: every build rewrites docs/openapi/v1.json, so in a fresh clone (CI) the file on
    /// disk always matches; only the committed version can be stale.
    /// </summary>
    [Fact]
    public async Task The_served_document_is_the_one_committed_in_git()
    {
        var served = await ServedDocumentAsync();

        var fromBuild = CommittedDocument.Differences(await CommittedDocument.FromWorkingTreeAsync(), served);
        Assert.True(fromBuild.Count == 0,
            $"The document the build wrote differs from the one the application serves:\n{string.Join('\n', fromBuild)}");

        var fromHead = CommittedDocument.Differences(await CommittedDocument.FromHeadAsync(), served);
        Assert.True(fromHead.Count == 0,
            $"The API changed but {CommittedDocument.RelativePath} in git did not: build, then commit the file the build " +
            $"rewrote (docs/api.md). Differences:\n{string.Join('\n', fromHead)}");
    }

    [Fact]
    public async Task Every_operation_is_explicitly_anonymous_or_secured_and_answers_a_problem()
    {
        var document = await ServedDocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).ToHashSet();
        var failures = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            var requirements = operation["security"]?.AsArray().Select(r => r!.AsObject()).ToList();
            if (requirements is not { Count: > 0 })
            {
                failures.Add($"{name}: no security requirement, not even the empty one of an anonymous endpoint");
            }
            else if (requirements.SelectMany(r => r.Select(p => p.Key)).FirstOrDefault(s => !schemes.Contains(s)) is { } unknown)
            {
                failures.Add($"{name}: requires '{unknown}', which is no security scheme of the document");
            }

            if (!operation["responses"]!.AsObject().Any(r => r.Value!["content"]?["application/problem+json"] is not null))
            {
                failures.Add($"{name}: no application/problem+json response");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// The document against the authorization matrix, whose answers the topology checks request by request: the same
    /// endpoints, anonymous exactly where anonymous callers are let in, and roles that refuse exactly the roles refused.
    /// </summary>
    [Fact]
    public async Task The_document_states_the_authorization_the_application_applies()
    {
        var operations = Operations(await ServedDocumentAsync()).ToDictionary(o => o.Name, o => o.Operation);
        var ruled = Rules.Where(r => IsDocumented(r.Pattern)).ToDictionary(r => $"{r.Method} {DocumentPathOf(r.Pattern)}");
        Assert.Equal(ruled.Keys.Order(), operations.Keys.Order());

        var failures = new List<string>();
        foreach (var (name, rule) in ruled)
        {
            var requirements = operations[name]["security"]!.AsArray().Select(r => r!.AsObject()).ToList();
            var anonymous = requirements is [{ Count: 0 }];
            if (anonymous != (rule.Expected[(int)Caller.Anonymous] == Allowed))
            {
                failures.Add($"{name}: documented as {(anonymous ? "anonymous" : "secured")}, anonymous callers get {rule.Expected[(int)Caller.Anonymous]}");
                continue;
            }

            var roles = requirements.SelectMany(r => r.SelectMany(p => p.Value!.AsArray().Select(role => role!.GetValue<string>()))).ToHashSet();
            foreach (var caller in new[] { Caller.Recipient, Caller.Staff, Caller.Admin })
            {
                var refusedByRole = !anonymous && roles.Count > 0 && !roles.Contains(caller.ToString());
                if (refusedByRole != (rule.Expected[(int)caller] == 403))
                {
                    failures.Add($"{name}: roles [{string.Join(", ", roles)}], a {caller} gets {rule.Expected[(int)caller]}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task The_main_operations_have_request_and_response_examples()
    {
        var operations = Operations(await ServedDocumentAsync()).ToDictionary(o => o.Operation["operationId"]!.GetValue<string>(), o => o.Operation);
        foreach (var name in new[] { "IssueCertificate", "VerifyCodeInBody", "BulkIssueCertificates", "RevokeCertificate", "RevokeCertificates" })
        {
            Assert.NotEmpty(Examples(operations[name]["requestBody"]!));
            Assert.NotEmpty(operations[name]["responses"]!.AsObject().SelectMany(r => Examples(r.Value!)));
        }

        Assert.NotNull(operations["VerifyCode"]["parameters"]![0]!["example"]);
        Assert.NotEmpty(operations["VerifyCode"]["responses"]!.AsObject().SelectMany(r => Examples(r.Value!)));
    }

    private static IEnumerable<JsonNode> Examples(JsonNode requestOrResponse) =>
        requestOrResponse["content"]?.AsObject().SelectMany(media => media.Value!["examples"]?.AsObject().Select(e => e.Value!) ?? []) ?? [];

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(method => ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!.AsObject())));

    /// <summary>The API: /api and the JWKS, not the reference UI itself (/api/docs) nor pages, probes and files.</summary>
    private static bool IsDocumented(string pattern) =>
        (pattern.StartsWith("/api/") || pattern.StartsWith("/.well-known/")) && !pattern.StartsWith("/api/docs");

    /// <summary>"/api/users/{id:guid}" as the document writes it: "/api/users/{id}"; no trailing slash.</summary>
    private static string DocumentPathOf(string pattern) => RouteConstraint().Replace(pattern, "{$1}").TrimEnd('/');

    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteConstraint();
}
