namespace CertVerify.AppHost.Infrastructure;

/// <summary>smtp4dev's official image, the development mail server in container mode.</summary>
public sealed class MailServerContainerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => MailServerEndpoints.ConnectionString(this);
}
