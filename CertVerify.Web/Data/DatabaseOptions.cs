namespace CertVerify.Web.Data;

/// <summary>PostgreSQL settings per replica. The whole topology opens at most replicas x MaxPoolSize connections.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Connections this replica may open (the seed's PRISMA_CONNECTION_LIMIT).</summary>
    public int MaxPoolSize { get; set; } = 10;

    /// <summary>How long one command may run before it is cancelled.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>How long opening a connection, or waiting for one from a full pool, may take.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Retries of an operation that failed for a transient reason (a connection broken by a PostgreSQL restart,
    /// a refused connection); 0 turns retrying off. Few and short: while PostgreSQL is down a request is answered
    /// 503 within seconds instead of waiting out EF Core's default of 6 retries (about a minute).
    /// </summary>
    public int MaxRetryCount { get; set; } = 2;

    /// <summary>Longest wait between two retries.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 1;
}
