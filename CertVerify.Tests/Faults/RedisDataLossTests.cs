using System.Text.Json;
using CertVerify.Tests.Credentials;
using StackExchange.Redis;

namespace CertVerify.Tests.Faults;

/// <summary>
/// Redis loses everything (FLUSHALL) and a replica starts afterwards: the Data Protection key ring is in PostgreSQL,
/// encrypted with the key-protection certificate, so the replica still reads the signing key and signs with it.
/// Sessions are in Redis, and are lost with it: signing in again is all it takes.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(FaultsCollection.Name)]
public sealed class RedisDataLossTests(FaultsTopologyFixture topology)
{
    private const string Replica = "web-2";

    [Fact]
    public async Task A_replica_started_after_Redis_lost_its_data_keeps_its_keys_and_signs_with_the_same_key()
    {
        JsonElement certificate;
        using (var admin = await topology.SignInAsAdminAsync())
        {
            certificate = await admin.IssueCertificateAsync(new { recipientName = "Redis Data Loss", title = "Keys survive" });
        }

        using var viaNginx = topology.CreateClient();
        var before = await Jws.CredentialAsync(viaNginx, certificate);

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(await topology.App.GetConnectionStringAsync("redis") + ",allowAdmin=true"))
        {
            await redis.GetServer(redis.GetEndPoints().Single()).FlushAllDatabasesAsync();
        }

        try
        {
            await topology.StopResourceAsync(Replica);
            await topology.StartResourceAsync(Replica);

            using var restarted = topology.Replica(Replica);
            var after = await Jws.CredentialAsync(restarted, certificate);
            Assert.Equal(before.Header.GetProperty("kid").GetString(), after.Header.GetProperty("kid").GetString());
            using var signedIn = await topology.SignInAsAdminAsync();
        }
        finally
        {
            await topology.EnsureRunningAsync(Replica);
        }

        // Every key of the ring is stored encrypted with the certificate, none in the clear.
        await using var connection = await topology.OpenDatabaseAsync();
        await using var command = new Npgsql.NpgsqlCommand("""SELECT "Xml" FROM data_protection_keys""", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("EncryptedXmlDecryptor", key);
            Assert.DoesNotContain("unencrypted", key);
        });
    }
}
