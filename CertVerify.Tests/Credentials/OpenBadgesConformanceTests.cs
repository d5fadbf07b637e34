using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CertVerify.Web.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Tests.Credentials;

/// <summary>
/// Credentials checked as an Open Badges 3.0 verifier checks them: 1EdTech's JSON Schema, the JWT Proof Format's
/// header and claims; and credentials issued in the format before it still verify.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class OpenBadgesConformanceTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _public = app.CreateClient();

    [Fact]
    public async Task A_freshly_issued_credential_passes_the_official_Open_Badges_3_schema()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var full = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new
        {
            recipientName = "Katherine Johnson",
            recipientEmail = "katherine@example.test",
            title = "Orbital Mechanics",
            description = "Trajectories by hand.",
            expiresAt = DateTimeOffset.UtcNow.AddYears(1),
        }));
        var minimal = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new { recipientName = "Dorothy Vaughan", title = "FORTRAN" }));

        Assert.Empty(OfficialSchema.Errors(full.Payload));
        Assert.Empty(OfficialSchema.Errors(minimal.Payload));
        Assert.Equal(JsonValueKind.Object, full.Payload.GetProperty("credentialStatus").ValueKind);
        Assert.Equal("revocation", full.Payload.GetProperty("credentialStatus").GetProperty("statusPurpose").GetString());
    }

    [Fact]
    public async Task The_schema_check_fails_what_Open_Badges_3_refuses()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var token = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new { recipientName = "Mary Jackson", title = "Wind tunnels" }));
        var credential = JsonNode.Parse(token.Payload.GetRawText())!.AsObject();

        // The format issued before: two status entries in an array.
        var twoEntries = credential.DeepClone().AsObject();
        twoEntries["credentialStatus"] = new JsonArray(credential["credentialStatus"]!.DeepClone(), credential["credentialStatus"]!.DeepClone());
        Assert.Contains(OfficialSchema.Errors(JsonSerializer.SerializeToElement(twoEntries)), e => e.Contains("/credentialStatus"));

        var noAchievement = credential.DeepClone().AsObject();
        noAchievement["credentialSubject"]!.AsObject().Remove("achievement");
        Assert.NotEmpty(OfficialSchema.Errors(JsonSerializer.SerializeToElement(noAchievement)));

        var badDate = credential.DeepClone().AsObject();
        badDate["validFrom"] = "yesterday";
        Assert.NotEmpty(OfficialSchema.Errors(JsonSerializer.SerializeToElement(badDate)));
    }

    [Fact]
    public async Task The_JWT_has_only_the_header_and_claims_of_the_Open_Badges_3_JWT_proof_format()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var expires = DateTimeOffset.UtcNow.AddYears(1);
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Annie Easley", title = "Centaur", expiresAt = expires });
        var token = await Jws.CredentialAsync(_public, certificate);
        var payload = token.Payload;

        Assert.Equal(["alg", "kid", "typ"], token.Header.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("ES256", token.Header.GetProperty("alg").GetString());
        Assert.Equal("JWT", token.Header.GetProperty("typ").GetString());

        var subject = payload.GetProperty("credentialSubject").GetProperty("id").GetString()!;
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", subject);
        Assert.Equal(payload.GetProperty("issuer").GetProperty("id").GetString(), payload.GetProperty("iss").GetString());
        Assert.Equal(payload.GetProperty("id").GetString(), payload.GetProperty("jti").GetString());
        Assert.Equal(subject, payload.GetProperty("sub").GetString());
        Assert.Equal(DateTimeOffset.Parse(payload.GetProperty("validFrom").GetString()!).ToUnixTimeSeconds(), payload.GetProperty("nbf").GetInt64());
        Assert.Equal(DateTimeOffset.Parse(payload.GetProperty("validUntil").GetString()!).ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
        Assert.Equal(expires.ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());

        // The subject is the certificate's: the same in every credential signed for it, another for another certificate.
        Assert.Equal(subject, (await Jws.CredentialAsync(_public, certificate)).Payload.GetProperty("sub").GetString());
        var other = await Jws.CredentialAsync(_public, await staff.IssueCertificateAsync(new { recipientName = "Annie Easley", title = "Centaur" }));
        Assert.NotEqual(subject, other.Payload.GetProperty("sub").GetString());
        Assert.False(other.Payload.TryGetProperty("exp", out _));
        Assert.DoesNotContain(certificate.GetProperty("id").GetString()!, other.Payload.GetProperty("credentialSubject").GetRawText());
    }

    [Fact]
    public async Task A_credential_issued_in_the_format_before_still_verifies_and_a_claim_that_lies_is_invalid()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Christine Darden", title = "Sonic booms" });
        var current = JsonNode.Parse((await Jws.CredentialAsync(_public, certificate)).Payload.GetRawText())!.AsObject();
        var key = (ECDsaSecurityKey)(await app.Factory.Services.GetRequiredService<SigningKeyRing>().CurrentAsync(CancellationToken.None)).Key;
        var thumbprint = key.KeyId.Split('#')[^1];

        // As this installation signed before: VC-JOSE-COSE header with the bare thumbprint, no registered claims,
        // revocation and suspension entries in an array, no subject id.
        var legacy = current.DeepClone().AsObject();
        foreach (var claim in new[] { "iss", "jti", "nbf", "sub", "exp" })
        {
            legacy.Remove(claim);
        }

        legacy["credentialSubject"]!.AsObject().Remove("id");
        var revocation = legacy["credentialStatus"]!.DeepClone().AsObject();
        var suspension = revocation.DeepClone().AsObject();
        foreach (var field in new[] { "id", "statusListCredential" })
        {
            suspension[field] = suspension[field]!.GetValue<string>().Replace("/revocation-", "/suspension-");
        }

        suspension["statusPurpose"] = "suspension";
        legacy["credentialStatus"] = new JsonArray(revocation, suspension);
        var legacyJwt = Sign(key.ECDsa, new JsonObject { ["alg"] = "ES256", ["kid"] = thumbprint, ["typ"] = "vc+jwt", ["cty"] = "vc" }, legacy);

        var verdict = await VerifyAsync(legacyJwt);
        Assert.Equal("valid", verdict.GetProperty("status").GetString());
        Assert.Equal(certificate.GetProperty("code").GetString(), verdict.GetProperty("code").GetString());
        var checks = verdict.GetProperty("checks");
        Assert.Contains("issued before", checks.GetProperty("signature").GetProperty("detail").GetString());
        // The schema refuses its two status entries; the verdict does not hold that against a credential of its time.
        Assert.False(checks.GetProperty("schema").GetProperty("passed").GetBoolean());
        Assert.Contains("/credentialStatus", checks.GetProperty("schema").GetProperty("detail").GetString());
        Assert.All(new[] { "issuerKey", "validityWindow", "revocation", "suspension" },
            check => Assert.True(checks.GetProperty(check).GetProperty("passed").GetBoolean(), check));

        // Signed with our key, in the new format, but its jti names another credential than its id.
        var lying = current.DeepClone().AsObject();
        lying["jti"] = "https://elsewhere.example/verify/CV-0000-0000-0000-0000-0000";
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = key.KeyId, ["typ"] = "JWT" };
        var lyingVerdict = await VerifyAsync(Sign(key.ECDsa, header, lying));
        Assert.Equal("invalid", lyingVerdict.GetProperty("status").GetString());
        Assert.Contains("jti", lyingVerdict.GetProperty("checks").GetProperty("signature").GetProperty("detail").GetString());
        Assert.Equal("valid", (await VerifyAsync(Sign(key.ECDsa, header, current))).GetProperty("status").GetString());

        // Signed with our key, its claims true, but not an Open Badges 3.0 credential: the schema check fails it.
        var notABadge = current.DeepClone().AsObject();
        notABadge["credentialSubject"]!.AsObject().Remove("achievement");
        var notABadgeVerdict = await VerifyAsync(Sign(key.ECDsa, header, notABadge));
        Assert.Equal("invalid", notABadgeVerdict.GetProperty("status").GetString());
        Assert.False(notABadgeVerdict.GetProperty("checks").GetProperty("schema").GetProperty("passed").GetBoolean());
        Assert.True(notABadgeVerdict.GetProperty("checks").GetProperty("signature").GetProperty("passed").GetBoolean());
    }

    private static string Sign(ECDsa key, JsonObject header, JsonObject payload)
    {
        var input = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        return $"{input}.{Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    private async Task<JsonElement> VerifyAsync(string jwt)
    {
        using var response = await _public.PostAsJsonAsync("/api/verify/credential", new { credential = jwt });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => _public.Dispose();
}
