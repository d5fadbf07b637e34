using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CertVerify.Tests.Credentials;

/// <summary>
/// The issuer as a verifier that knows nothing of this product finds it: a did:web of the configured public address,
/// its DID document holding every key that ever signed, and its Open Badges 3.0 Profile.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class IssuerIdentityTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _public = app.CreateClient();

    [Fact]
    public async Task The_kid_is_a_did_web_key_resolved_by_the_DID_document_which_keeps_rotated_keys()
    {
        var did = Jws.DidWeb(app.BaseAddress);
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Hedy Lamarr", title = "Frequency hopping" });
        var before = await Jws.CredentialAsync(_public, certificate);
        var oldKid = before.Header.GetProperty("kid").GetString()!;
        Assert.StartsWith(did + "#", oldKid);
        Assert.Equal(did, before.Payload.GetProperty("issuer").GetProperty("id").GetString());
        Assert.Equal(did, before.Payload.GetProperty("iss").GetString());

        using (var response = await _public.GetAsync("/.well-known/did.json"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/did+ld+json", response.Content.Headers.ContentType?.MediaType);
            var document = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1", "https://w3id.org/security/multikey/v1"],
                document.GetProperty("@context").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal([$"{app.BaseAddress.GetLeftPart(UriPartial.Authority)}/api/issuer"],
                document.GetProperty("alsoKnownAs").EnumerateArray().Select(c => c.GetString()));
            var methods = document.GetProperty("verificationMethod").EnumerateArray().ToList();
            Assert.All(methods.Where(m => m.GetProperty("type").GetString() == "JsonWebKey"),
                m => Assert.Equal(["crv", "kty", "x", "y"], m.GetProperty("publicKeyJwk").EnumerateObject().Select(p => p.Name).Order()));
            // Each key's Ed25519 part, for Data Integrity proofs: a Multikey named by its own publicKeyMultibase.
            Assert.All(methods.Where(m => m.GetProperty("type").GetString() == "Multikey"),
                m => Assert.Equal($"{did}#{m.GetProperty("publicKeyMultibase").GetString()}", m.GetProperty("id").GetString()));
            Assert.Contains(methods, m => m.GetProperty("type").GetString() == "Multikey");
            Assert.Equal(methods.Select(m => m.GetProperty("id").GetString()), document.GetProperty("assertionMethod").EnumerateArray().Select(m => m.GetString()));
        }

        var dataIntegrityBefore = await _public.GetStringAsync($"/api/certificates/{certificate.GetProperty("code").GetString()}/credential.jsonld");

        Assert.True(Jws.Verifies(before, await Jws.ResolveKeyAsync(_public, oldKid)));

        using var admin = await app.SignInAsAdminAsync();
        using (var rotate = await admin.SendAsync(HttpMethod.Post, "/api/signing-keys/rotate"))
        {
            Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        }

        var after = await Jws.CredentialAsync(_public, certificate);
        var newKid = after.Header.GetProperty("kid").GetString()!;
        Assert.NotEqual(oldKid, newKid);
        Assert.True(Jws.Verifies(after, await Jws.ResolveKeyAsync(_public, newKid)));
        Assert.True(Jws.Verifies(before, await Jws.ResolveKeyAsync(_public, oldKid)), "the retired key stays in the DID document");

        // The Ed25519 part rotated with it; a Data Integrity credential signed before still verifies by its retired key.
        var dataIntegrityAfter = await _public.GetStringAsync($"/api/certificates/{certificate.GetProperty("code").GetString()}/credential.jsonld");
        string Method(string credential) => JsonDocument.Parse(credential).RootElement.GetProperty("proof")[0].GetProperty("verificationMethod").GetString()!;
        Assert.NotEqual(Method(dataIntegrityBefore), Method(dataIntegrityAfter));
        using var verify = await _public.PostAsync("/api/verify/credential", new StringContent(dataIntegrityBefore, System.Text.Encoding.UTF8, "application/vc"));
        var verdict = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verdict.GetProperty("status").GetString() == "valid", verdict.GetRawText());
        Assert.Contains("retired", verdict.GetProperty("checks").GetProperty("issuerKey").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_issuer_profile_and_the_status_lists_name_the_issuer_by_its_DID()
    {
        var did = Jws.DidWeb(app.BaseAddress);
        using (var response = await _public.GetAsync("/api/issuer"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
            var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                profile.GetProperty("@context").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(did, profile.GetProperty("id").GetString());
            Assert.Equal(["Profile"], profile.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
            Assert.False(string.IsNullOrEmpty(profile.GetProperty("name").GetString()));
        }

        using var staff = await app.SignInNewUserAsync("Staff");
        var token = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new { recipientName = "Radia Perlman", title = "Spanning trees" }));
        var list = new Uri(token.Payload.GetProperty("credentialStatus").GetProperty("statusListCredential").GetString()!);
        foreach (var path in new[] { list.AbsolutePath, list.AbsolutePath.Replace("revocation", "suspension") })
        {
            var statusList = Jws.Parse(await _public.GetStringAsync(path));
            // A plain DID: the VC 2.0 context alone does not define OB 3.0's Profile.
            Assert.Equal(JsonValueKind.String, statusList.Payload.GetProperty("issuer").ValueKind);
            Assert.Equal(did, statusList.Payload.GetProperty("issuer").GetString());
            Assert.Equal(did, statusList.Payload.GetProperty("iss").GetString());
            Assert.Equal(statusList.Payload.GetProperty("id").GetString(), statusList.Payload.GetProperty("jti").GetString());
            Assert.Equal(["alg", "kid", "typ"], statusList.Header.EnumerateObject().Select(p => p.Name).Order());
        }
    }

    public void Dispose() => _public.Dispose();
}
