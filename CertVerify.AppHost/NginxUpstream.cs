namespace CertVerify.AppHost;

/// <summary>
/// Builds the value of <c>NGINX_UPSTREAM</c>, the body of the <c>upstream</c> block in
/// nginx/templates/default.conf.template: the balancing method and one server line per replica.
/// The addresses are references the orchestrator fills in when it starts Nginx.
/// </summary>
public static class NginxUpstream
{
    public static ReferenceExpression Build(IReadOnlyList<ReferenceExpression> servers, NginxOptions options)
    {
        if (servers.Count == 0)
        {
            throw new ArgumentException("Nginx needs at least one upstream server.", nameof(servers));
        }

        var upstream = new ReferenceExpressionBuilder();
        upstream.AppendLiteral(options.Sticky
            ? $"hash $certverify_affinity consistent;\n"
            : "least_conn;\n");

        foreach (var server in servers)
        {
            upstream.AppendLiteral("    server ");
            upstream.AppendFormatted(server);
            upstream.AppendLiteral(servers.Count > 1
                ? $" max_fails={options.MaxFails} fail_timeout={options.FailTimeoutSeconds}s;\n"
                : ";\n");
        }

        return upstream.Build();
    }

    /// <summary>The cookie the sticky hash reads; nginx variables cannot contain dashes or dots.</summary>
    public static string AffinityCookie(NginxOptions options) =>
        options.StickyCookie.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? options.StickyCookie
            : throw new ArgumentException($"Nginx:StickyCookie '{options.StickyCookie}' may only contain letters, digits and '_'.");
}
