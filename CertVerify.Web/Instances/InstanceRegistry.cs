using System.Text.Json;
using CertVerify.Web.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Instances;

/// <summary>
/// The live replicas, kept in Redis: one key per replica with a TTL (its heartbeat), indexed by a sorted set
/// scored by heartbeat time, so listing never scans the keyspace and stale members are pruned on read.
/// </summary>
public sealed class InstanceRegistry(
    IConnectionMultiplexer redis,
    InstanceIdentity identity,
    RequestCounter requests,
    TimeProvider clock,
    IOptions<InstanceRegistryOptions> options)
{
    private const string IndexKey = "certverify:instances";
    private static string EntryKey(string instanceId) => $"certverify:instances:{instanceId}";

    private TimeSpan Ttl => TimeSpan.FromSeconds(options.Value.HeartbeatTtlSeconds);

    public async Task BeatAsync()
    {
        var now = clock.GetUtcNow();
        var entry = new InstanceInfo(identity.InstanceId, identity.Host, identity.Address, identity.Version, Environment.ProcessId,
            identity.StartedAt, now, requests.Served);

        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var write = batch.StringSetAsync(EntryKey(identity.InstanceId), JsonSerializer.Serialize(entry), Ttl);
        var index = batch.SortedSetAddAsync(IndexKey, identity.InstanceId, now.ToUnixTimeMilliseconds());
        batch.Execute();
        await Task.WhenAll(write, index);
    }

    /// <summary>Removes this replica at once on a graceful stop, instead of waiting for its TTL.</summary>
    public async Task LeaveAsync()
    {
        var db = redis.GetDatabase();
        await Task.WhenAll(
            db.KeyDeleteAsync(EntryKey(identity.InstanceId)),
            db.SortedSetRemoveAsync(IndexKey, identity.InstanceId));
    }

    public async Task<IReadOnlyList<InstanceInfo>> ListAsync()
    {
        var db = redis.GetDatabase();
        var oldest = clock.GetUtcNow().Subtract(Ttl).ToUnixTimeMilliseconds();
        await db.SortedSetRemoveRangeByScoreAsync(IndexKey, double.NegativeInfinity, oldest, Exclude.Stop);

        var ids = await db.SortedSetRangeByRankAsync(IndexKey);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await db.StringGetAsync(ids.Select(id => (RedisKey)EntryKey(id!)).ToArray());
        return values
            .Where(value => value.HasValue)
            .Select(value => JsonSerializer.Deserialize<InstanceInfo>(value.ToString())!)
            .OrderBy(instance => instance.InstanceId, StringComparer.Ordinal)
            .ToList();
    }
}
