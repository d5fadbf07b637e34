extern alias AppHost;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CertVerify.Web.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Projects = AppHost::Projects;

namespace CertVerify.Tests.Credentials;

/// <summary>
/// Credentials with an eddsa-rdfc-2022 Data Integrity proof: checked by @digitalbazaar/vc from npm (what Data Integrity
/// wallets and verifiers run) against the DID document our instance publishes, and our signing reproduced on 1EdTech's
/// Open Badges 3.0 test vector (canonical forms, hashes and signature).
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class DataIntegrityTests(InProcessFixture app) : IDisposable
{
    private static readonly string CanonicalizerDirectory =
        Path.GetFullPath(Path.Combine(Projects.CertVerify_AppHost.ProjectPath, "..", "CertVerify.Canonicalizer"));

    private readonly HttpClient _public = app.CreateClient();

    [Fact]
    public async Task The_Data_Integrity_credential_verifies_with_digitalbazaar_vc_and_fails_with_one_byte_changed()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new
        {
            recipientName = "Zoë Ådahl-李",
            recipientEmail = "zoe@example.test",
            title = "Cryptography Basics",
            description = "Signatures, keys and trust.",
            expiresAt = DateTimeOffset.UtcNow.AddYears(2),
        });
        using var response = await _public.GetAsync($"/api/certificates/{certificate.GetProperty("code").GetString()}/credential.jsonld");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vc", response.Content.Headers.ContentType?.MediaType);
        var credential = await response.Content.ReadAsStringAsync();
        var didDocument = await _public.GetStringAsync("/.well-known/did.json");

        Assert.Empty(OfficialSchema.Errors(JsonDocument.Parse(credential).RootElement));
        var proof = JsonNode.Parse(credential)!["proof"]!.AsArray().Single()!;
        Assert.Equal("DataIntegrityProof", proof["type"]!.GetValue<string>());
        Assert.Equal("eddsa-rdfc-2022", proof["cryptosuite"]!.GetValue<string>());
        Assert.Equal("assertionMethod", proof["proofPurpose"]!.GetValue<string>());
        var method = proof["verificationMethod"]!.GetValue<string>();
        var did = JsonNode.Parse(didDocument)!;
        var multikey = did["verificationMethod"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == method)!;
        Assert.Equal("Multikey", multikey["type"]!.GetValue<string>());
        Assert.StartsWith("z6Mk", multikey["publicKeyMultibase"]!.GetValue<string>());
        Assert.Contains(method, did["assertionMethod"]!.AsArray().Select(m => m!.GetValue<string>()));

        var verified = await VerifyWithDigitalBazaarAsync(credential, didDocument);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("\"verified\":true", verified.Output);

        // One byte changed, in the credential's name ("Basics" -> "Basicz"): still valid JSON, another credential.
        var at = credential.IndexOf("Cryptography Basics", StringComparison.Ordinal) + "Cryptography Basic".Length;
        var tampered = string.Concat(credential.AsSpan(0, at), "z", credential.AsSpan(at + 1));
        var refused = await VerifyWithDigitalBazaarAsync(tampered, didDocument);
        Assert.True(refused.ExitCode == 1, refused.Output);
        Assert.Contains("\"verified\":false", refused.Output);
        Assert.Contains("Invalid signature", refused.Output);
    }

    [Fact]
    public async Task The_verification_endpoint_checks_the_Data_Integrity_form_by_name()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Grace Hopper", title = "Compilers" });
        var credential = await _public.GetStringAsync($"/api/certificates/{certificate.GetProperty("code").GetString()}/credential.jsonld");

        string[] checks = ["signature", "issuerKey", "schema", "validityWindow", "revocation", "suspension"];
        var wrapped = await VerifyAsync(JsonContent.Create(new { credential = JsonNode.Parse(credential) }));
        var raw = await VerifyAsync(new StringContent(credential, Encoding.UTF8, "application/vc"));
        foreach (var verdict in new[] { wrapped, raw })
        {
            Assert.True(verdict.GetProperty("status").GetString() == "valid", verdict.GetRawText());
            Assert.All(checks, check => Assert.True(verdict.GetProperty("checks").GetProperty(check).GetProperty("passed").GetBoolean(), check));
        }

        var tampered = JsonNode.Parse(credential)!.AsObject();
        tampered["name"] = "Compilerz";
        var forged = await VerifyAsync(new StringContent(tampered.ToJsonString(), Encoding.UTF8, "application/vc"));
        Assert.Equal("invalid", forged.GetProperty("status").GetString());
        Assert.False(forged.GetProperty("checks").GetProperty("signature").GetProperty("passed").GetBoolean());
        Assert.True(forged.GetProperty("checks").GetProperty("issuerKey").GetProperty("passed").GetBoolean());

        // 1EdTech's genuinely signed example: a valid proof, by a key that is not our issuer's.
        var foreign = VectorCredential();
        var proof = VectorProof();
        proof["proofValue"] = ExpectedProofValue;
        foreign["proof"] = proof;
        var stranger = await VerifyAsync(JsonContent.Create(new { credential = foreign }));
        Assert.Equal("invalid", stranger.GetProperty("status").GetString());
        Assert.False(stranger.GetProperty("checks").GetProperty("issuerKey").GetProperty("passed").GetBoolean());

        using var notACredential = await _public.PostAsync("/api/verify/credential", new StringContent("[1]", Encoding.UTF8, "application/vc"));
        Assert.Equal(HttpStatusCode.BadRequest, notACredential.StatusCode);
        Assert.Equal("application/problem+json", notACredential.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> VerifyAsync(HttpContent content)
    {
        using var response = await _public.PostAsync("/api/verify/credential", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Signing_reproduces_the_Open_Badges_3_test_vector()
    {
        var dataIntegrity = app.Factory.Services.GetRequiredService<DataIntegrity>();
        var vector = Path.Combine(AppContext.BaseDirectory, "Credentials", "TestVectors");

        var canonical = await app.Factory.Services.GetRequiredService<Canonicalizer>()
            .CanonicalizeAsync(VectorCredential(), VectorProof(), CancellationToken.None);
        Assert.NotNull(canonical);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(vector, "document-canon.txt")), canonical.Document);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(vector, "proof-canon.txt")), canonical.Proof);

        var data = await dataIntegrity.HashDataAsync(VectorCredential(), VectorProof(), CancellationToken.None);
        Assert.Equal("d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
            + "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773", Convert.ToHexStringLower(data!));

        var privateKey = Convert.FromHexString("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4");
        var publicKey = Convert.FromHexString("4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5");
        Assert.Equal("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", Ed25519.ToMultikey(publicKey));
        Assert.Equal(ExpectedProofValue, Multibase.EncodeBase58Btc(Ed25519.Sign(privateKey, data!)));

        var proof = VectorProof();
        proof["proofValue"] = ExpectedProofValue;
        Assert.True(await dataIntegrity.VerifyAsync(VectorCredential(), proof, publicKey, CancellationToken.None));
        var altered = VectorCredential();
        altered["name"] = "Teamwork Badge!";
        Assert.False(await dataIntegrity.VerifyAsync(altered, proof, publicKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_credential_with_a_context_that_is_not_bundled_is_refused_not_fetched()
    {
        var credential = VectorCredential();
        credential["@context"]!.AsArray().Add("https://example.org/unknown-context.jsonld");

        Assert.Null(await app.Factory.Services.GetRequiredService<Canonicalizer>().CanonicalizeAsync(credential, VectorProof(), CancellationToken.None));
    }

    [Fact]
    public async Task A_canonicalizer_that_cannot_be_reached_is_a_dependency_unavailable_not_a_crash()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{closedPort}") };

        var error = await Assert.ThrowsAsync<CertVerify.Web.Hosting.DependencyUnavailableException>(
            () => new Canonicalizer(http).CanonicalizeAsync(VectorCredential(), VectorProof(), CancellationToken.None));
        Assert.Contains("canonicalizer", error.Message);
    }

    private const string ExpectedProofValue = "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr";

    /// <summary>1EdTech's example credential (ob_v3p0/impl/linked-data-proof-ob.html, TestVectors/README.md).</summary>
    private static JsonObject VectorCredential() => JsonNode.Parse("""
        {
          "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
          "id": "http://example.com/credentials/3527",
          "type": ["VerifiableCredential", "OpenBadgeCredential"],
          "issuer": { "id": "https://example.edu/issuers/565049", "type": ["Profile"], "url": "https://www.imsglobal.org", "name": "Example Corp" },
          "validFrom": "2010-01-01T00:00:00Z",
          "name": "Teamwork Badge",
          "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "type": ["AchievementSubject"],
            "achievement": {
              "id": "https://example.com/achievements/21st-century-skills/teamwork",
              "type": ["Achievement"],
              "criteria": { "narrative": "Team members are nominated for this badge by their peers and recognized upon review by Example Corp management." },
              "description": "This badge recognizes the development of the capacity to collaborate within a group environment.",
              "name": "Teamwork"
            }
          }
        }
        """)!.AsObject();

    private static JsonObject VectorProof() => new()
    {
        ["type"] = "DataIntegrityProof",
        ["created"] = "2010-01-01T19:23:24Z",
        ["verificationMethod"] = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
        ["cryptosuite"] = "eddsa-rdfc-2022",
        ["proofPurpose"] = "assertionMethod",
    };

    /// <summary>CertVerify.Canonicalizer/verify.mjs: @digitalbazaar/vc with the DID document given, nothing fetched.</summary>
    private static async Task<(int ExitCode, string Output)> VerifyWithDigitalBazaarAsync(string credential, string didDocument)
    {
        var directory = Directory.CreateTempSubdirectory("certverify-di-");
        try
        {
            var credentialFile = Path.Combine(directory.FullName, "credential.json");
            var didFile = Path.Combine(directory.FullName, "did.json");
            await File.WriteAllTextAsync(credentialFile, credential, new UTF8Encoding(false));
            await File.WriteAllTextAsync(didFile, didDocument, new UTF8Encoding(false));
            using var node = Process.Start(new ProcessStartInfo("node", ["verify.mjs", credentialFile, didFile])
            {
                WorkingDirectory = CanonicalizerDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (node.ExitCode, await output + await errors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public void Dispose() => _public.Dispose();
}
