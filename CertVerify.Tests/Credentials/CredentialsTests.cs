using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CertVerify.Tests.Credentials;

/// <summary>
/// Signed credentials, checked the way an outside verifier would: the JWS is taken apart and its ES256 signature
/// checked against the published JWKS with the base class library alone, on one instance in process.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class CredentialsTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _public = app.CreateClient();

    private Task<Jws.Token> CredentialAsync(JsonElement certificate) => Jws.CredentialAsync(_public, certificate);

    private static Task<JsonElement> JwkAsync(HttpClient client, string kid) => Jws.ResolveKeyAsync(client, kid);

    // Many verifications: sent as a client address of this test's own (told by a trusted proxy, loopback), so they do
    // not eat the per-address verification budget other tests share.
    private readonly string _clientIp = $"203.0.113.{Random.Shared.Next(1, 254)}";

    private async Task<(HttpStatusCode Status, JsonElement Body)> VerifyCredentialAsync(HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verify/credential") { Content = content };
        request.Headers.Add("X-Forwarded-For", _clientIp);
        using var response = await _public.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} {text}");
        return (response.StatusCode, JsonDocument.Parse(text).RootElement);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> VerifyCredentialAsync(string jwt) =>
        VerifyCredentialAsync(JsonContent.Create(new { credential = jwt }));

    [Fact]
    public async Task A_certificate_is_an_open_badge_signed_with_a_published_key()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new
        {
            recipientName = "Zoë Ådahl-李",
            recipientEmail = "Zoe.Adahl@Example.test",
            title = "Cryptography <b>Basics</b>",
            description = "Signatures, keys and trust.",
            expiresAt = DateTimeOffset.UtcNow.AddYears(2),
            metadata = new Dictionary<string, string> { ["grade"] = "secret-grade-A" },
        });
        var token = await CredentialAsync(certificate);

        Assert.Equal("ES256", token.Header.GetProperty("alg").GetString());
        Assert.Equal("JWT", token.Header.GetProperty("typ").GetString());
        var payload = token.Payload;
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            payload.GetProperty("@context").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], payload.GetProperty("type").EnumerateArray().Select(c => c.GetString()));
        Assert.EndsWith($"/verify/{certificate.GetProperty("code").GetString()}", payload.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("issuer").GetProperty("name").GetString()));
        Assert.True(payload.TryGetProperty("validFrom", out _));
        Assert.True(payload.TryGetProperty("validUntil", out _));
        var subject = payload.GetProperty("credentialSubject");
        Assert.Equal("Cryptography <b>Basics</b>", subject.GetProperty("achievement").GetProperty("name").GetString());

        // The name in clear, the email only as a salted hash, the metadata not at all.
        var identifiers = subject.GetProperty("identifier").EnumerateArray().ToList();
        Assert.Contains(identifiers, i => i.GetProperty("identityType").GetString() == "name"
            && i.GetProperty("identityHash").GetString() == "Zoë Ådahl-李");
        var email = identifiers.Single(i => i.GetProperty("identityType").GetString() == "emailAddress");
        Assert.True(email.GetProperty("hashed").GetBoolean());
        Assert.Equal("sha256$" + Jws.Sha256Hex("zoe.adahl@example.test" + email.GetProperty("salt").GetString()),
            email.GetProperty("identityHash").GetString());
        var text = payload.GetRawText();
        Assert.DoesNotContain("Example.test", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret-grade-A", text);

        var status = payload.GetProperty("credentialStatus");
        Assert.Equal("revocation", status.GetProperty("statusPurpose").GetString());
        Assert.Equal("BitstringStatusListEntry", status.GetProperty("type").GetString());

        // Every replica publishes the key: CredentialsAcrossReplicasTests.
        Assert.True(Jws.Verifies(token, await JwkAsync(_public, token.Header.GetProperty("kid").GetString()!)), "signature with the key of the issuer's DID");
    }

    [Fact]
    public async Task Verifying_a_credential_reports_each_check_and_any_changed_character_fails_it()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Grace Hopper", title = "Compilers" });
        var token = await CredentialAsync(certificate);

        var (status, verdict) = await VerifyCredentialAsync(token.Raw);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("valid", verdict.GetProperty("status").GetString());
        Assert.Equal(certificate.GetProperty("code").GetString(), verdict.GetProperty("code").GetString());
        Assert.Equal("Grace Hopper", verdict.GetProperty("certificate").GetProperty("recipientName").GetString());
        foreach (var check in new[] { "signature", "issuerKey", "schema", "validityWindow", "revocation", "suspension" })
        {
            Assert.True(verdict.GetProperty("checks").GetProperty(check).GetProperty("passed").GetBoolean(), check);
        }

        var (rawStatus, rawVerdict) = await VerifyCredentialAsync(new StringContent(token.Raw, Encoding.ASCII, "application/jwt"));
        Assert.Equal(HttpStatusCode.OK, rawStatus);
        Assert.Equal("valid", rawVerdict.GetProperty("status").GetString());

        // Every character of the header and the signature, and a spread of the payload, each replaced in turn.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var dots = Enumerable.Range(0, token.Raw.Length).Where(i => token.Raw[i] == '.').ToArray();
        var positions = Enumerable.Range(0, token.Raw.Length).Where(i => token.Raw[i] != '.')
            .Where(i => i < dots[0] || i > dots[1] || (i - dots[0]) % 23 == 1 || i == dots[1] - 1).ToList();
        foreach (var position in positions)
        {
            var original = alphabet.IndexOf(token.Raw[position]);
            // XOR 1 changes the lowest bit: in a last character that is padding, which lenient decoders ignore.
            var tampered = token.Raw[..position] + alphabet[original ^ 1] + token.Raw[(position + 1)..];
            var (tamperedStatus, tamperedVerdict) = await VerifyCredentialAsync(tampered);
            Assert.True(tamperedStatus == HttpStatusCode.BadRequest || tamperedVerdict.GetProperty("status").GetString() == "invalid",
                $"A credential changed at {position} of {token.Raw.Length} was answered {(int)tamperedStatus} {tamperedVerdict}");
        }

        Assert.True(positions.Count > 150, $"only {positions.Count} positions were tried");
    }

    [Fact]
    public async Task A_credential_signed_by_another_key_or_unsigned_is_invalid()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var token = await CredentialAsync(await staff.IssueCertificateAsync(new { recipientName = "Mallory", title = "Forgery" }));
        var parts = token.Raw.Split('.');

        using var forger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var forged = $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(forger.SignData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Security.Cryptography.HashAlgorithmName.SHA256))}";
        var (_, forgedVerdict) = await VerifyCredentialAsync(forged);
        Assert.Equal("invalid", forgedVerdict.GetProperty("status").GetString());
        Assert.False(forgedVerdict.GetProperty("checks").GetProperty("signature").GetProperty("passed").GetBoolean());
        Assert.True(forgedVerdict.GetProperty("checks").GetProperty("issuerKey").GetProperty("passed").GetBoolean());

        var unsignedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"vc+jwt"}"""));
        var (_, unsignedVerdict) = await VerifyCredentialAsync($"{unsignedHeader}.{parts[1]}.{parts[2]}");
        Assert.Equal("invalid", unsignedVerdict.GetProperty("status").GetString());

        var unknownKeyHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"ES256","typ":"vc+jwt","kid":"not-our-key"}"""));
        var (_, unknownVerdict) = await VerifyCredentialAsync($"{unknownKeyHeader}.{parts[1]}.{parts[2]}");
        Assert.Equal("invalid", unknownVerdict.GetProperty("status").GetString());
        Assert.False(unknownVerdict.GetProperty("checks").GetProperty("issuerKey").GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Suspending_reinstating_and_revoking_flip_the_bits_of_the_signed_status_lists()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Alan Turing", title = "Computability" });
        var id = certificate.GetProperty("id").GetGuid();
        var token = await CredentialAsync(certificate);
        // The credential names its revocation list; the suspension list of the same number holds the same index.
        var entry = token.Payload.GetProperty("credentialStatus");
        var revocationList = new Uri(entry.GetProperty("statusListCredential").GetString()!).PathAndQuery;
        Assert.Matches("^/api/status/revocation-[0-9]+$", revocationList);
        var index = int.Parse(entry.GetProperty("statusListIndex").GetString()!);

        async Task<bool> BitAsync(string purpose)
        {
            var list = revocationList.Replace("revocation", purpose);
            using var response = await _public.GetAsync(list);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/jwt", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl?.MaxAge);
            var listToken = Jws.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(Jws.Verifies(listToken, await JwkAsync(_public, listToken.Header.GetProperty("kid").GetString()!)));
            Assert.Contains("BitstringStatusListCredential", listToken.Payload.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
            var subject = listToken.Payload.GetProperty("credentialSubject");
            Assert.Equal(purpose, subject.GetProperty("statusPurpose").GetString());
            Assert.Equal(300_000, subject.GetProperty("ttl").GetInt64());
            var bits = Jws.DecodeStatusList(subject.GetProperty("encodedList").GetString()!);
            Assert.True(bits.Length * 8 >= 131_072, $"{bits.Length * 8} entries");
            return Jws.IsSet(bits, index);
        }

        async Task ExpectAsync(string status, bool revoked, bool suspended)
        {
            Assert.Equal(revoked, await BitAsync("revocation"));
            Assert.Equal(suspended, await BitAsync("suspension"));
            var (_, verdict) = await VerifyCredentialAsync(token.Raw);
            Assert.Equal(status, verdict.GetProperty("status").GetString());
            Assert.Equal(!revoked, verdict.GetProperty("checks").GetProperty("revocation").GetProperty("passed").GetBoolean());
            Assert.Equal(!suspended, verdict.GetProperty("checks").GetProperty("suspension").GetProperty("passed").GetBoolean());
        }

        await ExpectAsync("valid", revoked: false, suspended: false);
        using (var suspend = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{id}/suspend", new { reason = "Under review" }))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        await ExpectAsync("suspended", revoked: false, suspended: true);
        using (var reinstate = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{id}/reinstate", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, reinstate.StatusCode);
        }

        await ExpectAsync("valid", revoked: false, suspended: false);
        using (var revoke = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "Issued in error" }))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        await ExpectAsync("revoked", revoked: true, suspended: false);
    }

    [Fact]
    public async Task Status_list_indexes_are_distinct_and_drawn_at_random()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var rows = Enumerable.Range(1, 40).Select(i => new { recipientName = $"Random {i}", title = "Herd privacy" }).ToArray();
        using var response = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", rows);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var batchId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();

        await using var connection = await app.OpenDatabaseAsync();
        await using var command = new Npgsql.NpgsqlCommand("""SELECT "StatusIndex" FROM certificates WHERE "BatchId" = $1""", connection)
        {
            Parameters = { new() { Value = batchId } },
        };
        var indexes = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetInt32(0));
            }
        }

        Assert.Equal(40, indexes.Distinct().Count());
        Assert.All(indexes, i => Assert.InRange(i, 0, 131_071));
        // Forty draws from 131,072 spread far apart; consecutive allocation would span 39.
        Assert.True(indexes.Max() - indexes.Min() > 10_000, $"indexes span only {indexes.Min()}..{indexes.Max()}");
    }

    [Fact]
    public async Task The_verdict_links_the_credential_and_bad_requests_get_problem_details()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Links", title = "Credential URL" });
        var code = certificate.GetProperty("code").GetString()!;
        Assert.EndsWith($"/api/certificates/{code}/qr", certificate.GetProperty("qrUrl").GetString());
        var verify = await _public.GetFromJsonAsync<JsonElement>($"/api/verify/{code}");
        Assert.Equal(certificate.GetProperty("credentialUrl").GetString(), verify.GetProperty("credentialUrl").GetString());

        async Task ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            response.Dispose();
        }

        await ExpectProblemAsync(await _public.GetAsync("/api/certificates/not-a-code/credential"), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.GetAsync("/api/certificates/CV-0000-0000-0000-0000-0000/credential"), HttpStatusCode.NotFound);
        await ExpectProblemAsync(await _public.GetAsync("/api/status/everything-1"), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.GetAsync("/api/status/revocation-0"), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.GetAsync("/api/status/revocation--1"), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.GetAsync("/api/status/Revocation-1"), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.GetAsync("/api/status/revocation-999999"), HttpStatusCode.NotFound);

        HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", Json("{}")), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", Json("""{"credential": 5}""")), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", Json("""{"credential": "a.b"}""")), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", Json("""{"credential": "e30.e30.!!!"}""")), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", Json("""{"credential": "W10.W10.AAAA"}""")), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", Json("{\"credential\": ")), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", new StringContent("<jwt/>", Encoding.UTF8, "application/xml")), HttpStatusCode.UnsupportedMediaType);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", new ByteArrayContent([0x65, 0xff, 0xfe, 0x2e])
        {
            Headers = { ContentType = new("application/jwt") },
        }), HttpStatusCode.BadRequest);
        await ExpectProblemAsync(await _public.PostAsync("/api/verify/credential", new StringContent(new string('a', 70_000), Encoding.ASCII, "application/jwt")),
            HttpStatusCode.RequestEntityTooLarge);
    }

    public void Dispose() => _public.Dispose();
}
