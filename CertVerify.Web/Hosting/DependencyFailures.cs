using Npgsql;
using StackExchange.Redis;

namespace CertVerify.Web.Hosting;

/// <summary>Failures that say a shared dependency cannot be reached now, rather than that the request was wrong.</summary>
public static class DependencyFailures
{
    private const string CompletedTransaction = "Transaction is already completed";

    /// <summary>A Redis command failed at once (fail-fast backlog) or timed out while Redis was unreachable.</summary>
    public static bool IsRedisUnavailable(this Exception exception) => exception is RedisException or TimeoutException;

    /// <summary>
    /// The operation failed because PostgreSQL could not be reached or was going away (refused or broken connection,
    /// server shutting down, pool or connect timeout), possibly after EF Core's retries, rather than because of the
    /// request: trying again later may succeed.
    /// </summary>
    public static bool IsDatabaseUnavailable(this Exception exception) =>
        exception switch
        {
            NpgsqlException { IsTransient: true } => true,
            // Npgsql marks a transaction completed when its connection breaks (PostgreSQL stopping mid-transaction):
            // the transaction's next command then fails with this instead of a transient NpgsqlException.
            InvalidOperationException { Source: "Npgsql", Message: CompletedTransaction } => true,
            { InnerException: { } inner } => inner.IsDatabaseUnavailable(),
            _ => false,
        };
}
