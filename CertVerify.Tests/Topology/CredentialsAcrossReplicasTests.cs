using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertVerify.Tests.Credentials;

namespace CertVerify.Tests.Topology;

/// <summary>Every replica signs with, and publishes, the keys of the one key ring in PostgreSQL.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class CredentialsAcrossReplicasTests(TopologyFixture topology)
{
    [Fact]
    public async Task After_a_key_rotation_every_replica_signs_with_the_new_key_and_old_credentials_still_verify()
    {
        using var staff = await topology.SignInNewUserAsync("Staff");
        var certificate = await staff.IssueCertificateAsync(new { recipientName = "Old Key", title = "Rotation" });
        var before = await Jws.CredentialAsync(topology.Nginx, certificate);
        var oldKey = before.Header.GetProperty("kid").GetString()!;
        var did = oldKey.Split('#')[0];

        using var admin = await topology.SignInAsAdminAsync();
        using var rotate = await admin.SendAsync(HttpMethod.Post, "/api/signing-keys/rotate");
        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        var newKey = $"{did}#{(await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()}";
        Assert.NotEqual(oldKey, newKey);

        foreach (var replica in TopologyFixture.ReplicaNames)
        {
            using var client = topology.Replica(replica);
            var after = await Eventually.UntilAsync(() => Jws.CredentialAsync(client, certificate),
                token => token.Header.GetProperty("kid").GetString() == newKey, TimeSpan.FromSeconds(5));

            Assert.Equal(newKey, after.Header.GetProperty("kid").GetString());
            // Each replica's DID document (read at the replica itself) holds both keys under the one public DID.
            var document = await client.GetFromJsonAsync<JsonElement>("/.well-known/did.json");
            Assert.Equal(did, document.GetProperty("id").GetString());
            JsonElement Key(string kid) => document.GetProperty("verificationMethod").EnumerateArray()
                .Single(m => m.GetProperty("id").GetString() == kid).GetProperty("publicKeyJwk");
            Assert.True(Jws.Verifies(after, Key(newKey)));
            Assert.True(Jws.Verifies(before, Key(oldKey)), $"{replica} still publishes the retired key");
        }

        using var verified = await topology.Nginx.PostAsJsonAsync("/api/verify/credential", new { credential = before.Raw });
        var verdict = await verified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("valid", verdict.GetProperty("status").GetString());
        Assert.Contains("retired", verdict.GetProperty("checks").GetProperty("issuerKey").GetProperty("detail").GetString());

        var keys = await admin.GetJsonAsync("/api/signing-keys");
        Assert.Single(keys.EnumerateArray(), k => k.GetProperty("current").GetBoolean());
    }
}
