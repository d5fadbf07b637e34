namespace CertVerify.Web.Instances;

public sealed class InstanceRegistryOptions
{
    public const string SectionName = "Instances";

    /// <summary>How often each replica refreshes its entry.</summary>
    public int HeartbeatIntervalSeconds { get; set; } = 5;

    /// <summary>How long an entry lives without a refresh: a replica that stops beating drops out after this.</summary>
    public int HeartbeatTtlSeconds { get; set; } = 15;
}
