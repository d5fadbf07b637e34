namespace CertVerify.AppHost;

/// <summary>Settings of the Nginx entry point.</summary>
public sealed class NginxOptions
{
    public const string SectionName = "Nginx";

    /// <summary>Host port of the single public entry point; 0 lets the orchestrator choose (tests).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Send each client to the same replica by hashing a cookie. Off: replicas share all state.</summary>
    public bool Sticky { get; set; }

    /// <summary>The cookie hashed when <see cref="Sticky"/> is on; clients without it are spread by request.</summary>
    public string StickyCookie { get; set; } = "certverify_session";

    /// <summary>Passive health: failures within <see cref="FailTimeoutSeconds"/> that take a replica out for that long.</summary>
    public int MaxFails { get; set; } = 3;

    public int FailTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Networks (CIDR) of the ingress in front of Nginx (a platform's load balancer, a CDN): only their
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. None by default: Nginx is the edge.
    /// </summary>
    public List<string> TrustedIngressNetworks { get; set; } = [];
}
