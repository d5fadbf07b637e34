namespace CertVerify.AppHost.Infrastructure;

/// <summary>
/// smtp4dev, the development mail server, run as the host's local dotnet tool: it accepts every message on its SMTP
/// endpoint and shows it in its web inbox (and lists it at <c>GET /api/messages</c>).
/// </summary>
public sealed class HostMailServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => MailServerEndpoints.ConnectionString(this);
}
