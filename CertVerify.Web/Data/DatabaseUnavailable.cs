using Npgsql;

namespace CertVerify.Web.Data;

public static class DatabaseUnavailable
{
    /// <summary>
    /// The operation failed because PostgreSQL could not be reached or was going away (refused or broken connection,
    /// server shutting down, pool or connect timeout), possibly after EF Core's retries, rather than because of the
    /// request: trying again later may succeed.
    /// </summary>
    public static bool IsDatabaseUnavailable(this Exception exception) =>
        exception switch
        {
            NpgsqlException { IsTransient: true } => true,
            { InnerException: { } inner } => inner.IsDatabaseUnavailable(),
            _ => false,
        };
}
