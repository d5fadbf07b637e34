namespace CertVerify.AppHost.Infrastructure;

/// <summary>A database on a host PostgreSQL server; created by the AppHost once the server is healthy.</summary>
public sealed class HostPostgresDatabaseResource(string name, string databaseName, HostPostgresServerResource parent)
    : Resource(name), IResourceWithParent<HostPostgresServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public HostPostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
