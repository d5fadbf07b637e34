namespace CertVerify.Web.Data;

/// <summary>PostgreSQL settings per replica. The whole topology opens at most replicas x MaxPoolSize connections.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Connections this replica may open (the seed's PRISMA_CONNECTION_LIMIT).</summary>
    public int MaxPoolSize { get; set; } = 10;

    /// <summary>How long one command may run before it is cancelled.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;
}
