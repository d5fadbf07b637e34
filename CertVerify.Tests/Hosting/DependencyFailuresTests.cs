using CertVerify.Web.Hosting;
using Npgsql;

namespace CertVerify.Tests.Hosting;

/// <summary>
/// PostgreSQL going away in the middle of a transaction (seen once in the outage test: a single issue answered 500)
/// counts as PostgreSQL unavailable, so the caller gets a 503 with Retry-After, not a 500.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class DependencyFailuresTests(InProcessFixture app)
{
    [Fact]
    public async Task The_next_command_of_a_transaction_whose_connection_broke_counts_as_PostgreSQL_unavailable()
    {
        await using var connection = await app.OpenDatabaseAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // What a server shutdown does to each backend.
        await using (var admin = await app.OpenDatabaseAsync())
        await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend($1)", admin) { Parameters = { new() { Value = connection.ProcessID } } })
        {
            await terminate.ExecuteScalarAsync();
        }

        var broken = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection, transaction);
            await command.ExecuteScalarAsync();
        });
        Assert.True(broken.IsDatabaseUnavailable(), broken.ToString());

        var next = Assert.ThrowsAny<InvalidOperationException>(() => new NpgsqlCommand("SELECT 1", connection, transaction));
        Assert.True(next.IsDatabaseUnavailable(), next.ToString());
    }
}
