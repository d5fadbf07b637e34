using CertVerify.AppHost.Infrastructure;

namespace CertVerify.AppHost;

public static class MailServerExtensions
{
    public const string ResourceName = "mail";

    /// <summary>smtp4dev's version, as in dotnet-tools.json (host processes) and its image tag (containers).</summary>
    public const string Smtp4devVersion = "3.15.0";

    /// <summary>Messages its inbox keeps: the fault tests send a thousand at once (smtp4dev keeps 100 by default).</summary>
    private const int MessagesToKeep = 10_000;

    /// <summary>
    /// Where the replicas send mail (<c>ConnectionStrings:mail</c>). Published: a secret parameter, the real SMTP server's
    /// connection string. Locally: that same connection string when the AppHost is given one (to try a real server),
    /// otherwise smtp4dev, the development mail server, whose web inbox the dashboard links to. In host-process mode it
    /// is the repository's local dotnet tool (restored when the AppHost builds), keeping mail in memory, listening on
    /// loopback on ports the orchestrator allocates (IMAP and POP3 too, never 143 and 110); otherwise its image.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMailServer(this IDistributedApplicationBuilder builder, InfrastructureMode mode)
    {
        if (builder.ExecutionContext.IsPublishMode || builder.Configuration.GetConnectionString(ResourceName) is { Length: > 0 })
        {
            return builder.AddConnectionString(ResourceName);
        }

        return mode == InfrastructureMode.HostProcesses ? builder.AddHostMailServer() : builder.AddMailServerContainer();
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddHostMailServer(this IDistributedApplicationBuilder builder)
    {
        var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var resource = new HostMailServerResource(ResourceName, "dotnet", repository);
        var server = builder.AddResource(resource)
            .WithEndpoint(name: MailServerEndpoints.Smtp, scheme: "tcp", isProxied: false)
            .WithEndpoint(name: MailServerEndpoints.Imap, scheme: "tcp", isProxied: false)
            .WithEndpoint(name: MailServerEndpoints.Pop3, scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(name: MailServerEndpoints.Http, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("tool");
                context.Args.Add("run");
                context.Args.Add("smtp4dev");
                context.Args.Add("--");
                context.Args.Add(ReferenceExpression.Create($"--urls=http://127.0.0.1:{Port(resource, MailServerEndpoints.Http)}"));
                context.Args.Add(ReferenceExpression.Create($"--smtpport={Port(resource, MailServerEndpoints.Smtp)}"));
                context.Args.Add(ReferenceExpression.Create($"--imapport={Port(resource, MailServerEndpoints.Imap)}"));
                context.Args.Add(ReferenceExpression.Create($"--pop3port={Port(resource, MailServerEndpoints.Pop3)}"));
                context.Args.Add("--bindaddress=127.0.0.1");
                context.Args.Add("--hostname=localhost");
                context.Args.Add("--db=");
                context.Args.Add("--nousersettings");
                context.Args.Add($"--baseappdatapath={builder.GetHostDataDirectory("smtp4dev")}");
                context.Args.Add($"--messagestokeep={MessagesToKeep}");
            })
            .ExcludeFromManifest();
        return server.AsMailServer();
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddMailServerContainer(this IDistributedApplicationBuilder builder) =>
        builder.AddResource(new MailServerContainerResource(ResourceName))
            .WithImage("rnwood/smtp4dev", Smtp4devVersion)
            .WithImageRegistry("docker.io")
            .WithEndpoint(name: MailServerEndpoints.Smtp, scheme: "tcp", targetPort: 25)
            .WithEndpoint(name: MailServerEndpoints.Imap, scheme: "tcp", targetPort: 143)
            .WithEndpoint(name: MailServerEndpoints.Pop3, scheme: "tcp", targetPort: 110)
            .WithHttpEndpoint(name: MailServerEndpoints.Http, targetPort: 80)
            .WithArgs("--db=", $"--messagestokeep={MessagesToKeep}")
            .AsMailServer();

    /// <summary>Healthy once its web inbox answers; the dashboard links to that inbox.</summary>
    private static IResourceBuilder<IResourceWithConnectionString> AsMailServer<T>(this IResourceBuilder<T> server)
        where T : class, IResourceWithConnectionString, IResourceWithEndpoints =>
        server.WithHttpHealthCheck("/api/messages", endpointName: MailServerEndpoints.Http)
            .WithUrlForEndpoint(MailServerEndpoints.Http, url => url.DisplayText = "Inbox (smtp4dev)");

    private static EndpointReferenceExpression Port(IResourceWithEndpoints server, string endpoint) =>
        new EndpointReference(server, endpoint).Property(EndpointProperty.TargetPort);
}
