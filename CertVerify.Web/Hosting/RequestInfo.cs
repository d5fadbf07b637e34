namespace CertVerify.Web.Hosting;

/// <summary>What the logs, sessions and audit keep of who made a request.</summary>
public static class RequestInfo
{
    private const int UserAgentLength = 300;

    public static string? ClientIp(this HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();

    /// <summary>The user agent, cut to the length the stores keep.</summary>
    public static string? UserAgent(this HttpContext? context) =>
        context?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent
            ? agent.Length <= UserAgentLength ? agent : agent[..UserAgentLength]
            : null;
}
