namespace CertVerify.AppHost.Infrastructure;

/// <summary>The development mail server's endpoints, and the connection string the replicas read (<c>ConnectionStrings:mail</c>).</summary>
public static class MailServerEndpoints
{
    public const string Smtp = "smtp";
    public const string Http = "http";
    public const string Imap = "imap";
    public const string Pop3 = "pop3";

    /// <summary>Plain SMTP without credentials: smtp4dev accepts anything, on loopback or the private network.</summary>
    public static ReferenceExpression ConnectionString(IResourceWithEndpoints server) =>
        ReferenceExpression.Create($"Endpoint=smtp://{new EndpointReference(server, Smtp).Property(EndpointProperty.HostAndPort)};Security=None");
}
