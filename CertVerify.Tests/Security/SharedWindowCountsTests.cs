using CertVerify.Tests.Support;
using CertVerify.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CertVerify.Tests.Security;

/// <summary>
/// How a replica reserves rate-limit permits in Redis for a client (the counts across replicas are held by the topology
/// tests, SessionsAcrossReplicasTests).
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class SharedWindowCountsTests(InProcessFixture app)
{
    [Fact]
    public async Task A_burst_from_one_client_makes_one_reservation_while_its_permits_last()
    {
        var counts = app.Factory.Services.GetRequiredService<SharedWindowCounts>();
        var client = $"test:{Guid.NewGuid():N}";
        const int limit = 1_000_000, inFlight = 64, requests = 2_000;

        // 64 requests in flight at a time, from threads of their own: all of the first ones find the allowance empty.
        var next = 0;
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                if (!(await counts.AcquireAsync(client, limit)).IsGranted)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })));

        // The first reservation brings 1 + a quarter of what is left of the local share (half the limit): enough for
        // all of them. A reservation per request in flight would have taken most of the share to this one replica.
        var redis = app.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var key = SharedWindowCounts.RedisKey(client);
        var reserved = (long)await redis.HashGetAsync(key, "n");
        await redis.KeyDeleteAsync(key);
        Assert.Equal(0, refused);
        Assert.Equal(1 + (limit / 2 - 1) / 4, reserved);
    }
}
