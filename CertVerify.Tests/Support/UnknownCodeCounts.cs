using Npgsql;

namespace CertVerify.Tests.Support;

/// <summary>How many verifications of unknown codes the log has counted (<c>unknown_code_verifications</c>).</summary>
public static class UnknownCodeCounts
{
    /// <summary>All counted so far, or those from one client address.</summary>
    public static async Task<long> SumAsync(NpgsqlConnection database, string? clientIp = null)
    {
        await using var sum = new NpgsqlCommand(
            """SELECT coalesce(sum("Count"), 0)::bigint FROM unknown_code_verifications WHERE $1::text IS NULL OR "ClientIp" = $1""", database)
        {
            Parameters = { new() { Value = (object?)clientIp ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
        };
        return (long)(await sum.ExecuteScalarAsync())!;
    }
}
