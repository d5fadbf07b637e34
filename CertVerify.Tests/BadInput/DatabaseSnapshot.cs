using CertVerify.Web.Mail;
using Npgsql;

namespace CertVerify.Tests.BadInput;

/// <summary>
/// Every application table (found in the catalogue, so a new table is covered without being named here) as its row
/// count and an MD5 of its rows in order: two snapshots differ exactly where a row was added, changed or removed.
/// </summary>
public static class DatabaseSnapshot
{
    /// <summary>Rows left out of a table's snapshot, because requests that are rightly refused still write them.</summary>
    private static readonly Dictionary<string, string> LeftOut = new()
    {
        // A well-formed sign-in with a wrong password (or an SQL string as the email) is refused with 401 and audited
        // as a failed sign-in, then as a lock-out after repeated failures: that record is the point of the audit log.
        ["audit_log"] = """ "Action" NOT IN ('auth.login_failed', 'auth.login_locked') """,
    };

    public static async Task<Dictionary<string, string>> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var snapshot = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            var where = LeftOut.TryGetValue(table, out var condition) ? $"WHERE {condition}" : "";
            await using var command = new NpgsqlCommand(
                $"""SELECT count(*), coalesce(md5(string_agg(t::text, '' ORDER BY t::text)), '-') FROM "{table}" t {where}""", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            snapshot[table] = $"{reader.GetInt64(0)} rows, md5 {reader.GetString(1)}";
        }

        return snapshot;
    }

    /// <summary>
    /// A snapshot once nothing is writing any more: what the collection's earlier tests (or this one's set-up) left in
    /// flight, such as batched verification records, lands before it, not during the requests it is compared across.
    /// Mail still pending is in flight too, however still the table looks: a sender waiting to reconnect to the SMTP
    /// server marks it sent seconds later.
    /// </summary>
    public static async Task<Dictionary<string, string>> TakeSettledAsync(string connectionString)
    {
        var previous = await TakeAsync(connectionString);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var current = await TakeAsync(connectionString);
            if (!Differences(previous, current).Any() && await PendingMailAsync(connectionString) == 0)
            {
                return current;
            }

            previous = current;
        }

        throw new TimeoutException(
            $"The database kept changing (or mail stayed pending: {await PendingMailAsync(connectionString)}) for 30 seconds before the hostile requests.");
    }

    private static async Task<long> PendingMailAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM mail_outbox WHERE "Status" = $1""", connection)
        {
            Parameters = { new() { Value = nameof(OutboxStatus.Pending) } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The tables that differ, each with both states.</summary>
    public static IEnumerable<string> Differences(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Order()
            .Where(table => before.GetValueOrDefault(table) != after.GetValueOrDefault(table))
            .Select(table => $"database: table {table} changed: {before.GetValueOrDefault(table) ?? "absent"} -> {after.GetValueOrDefault(table) ?? "absent"}");
}
