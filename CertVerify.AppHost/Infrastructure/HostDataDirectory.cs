namespace CertVerify.AppHost.Infrastructure;

public static class HostDataDirectory
{
    public const string ConfigurationKey = "Infrastructure:DataDirectory";

    /// <summary>
    /// Where host processes keep their data between runs. Outside any home folder on purpose: PostgreSQL runs as
    /// the postgres user, who cannot enter /root or another user's home.
    /// </summary>
    public static string GetHostDataDirectory(this IDistributedApplicationBuilder builder, string component)
    {
        var root = builder.Configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : "/var/tmp/certverify";
        return Path.Combine(Path.GetFullPath(root), component);
    }

    /// <summary>A script of ours under eng/host, run with bash so it needs no execute bit.</summary>
    public static string HostScript(this IDistributedApplicationBuilder builder, string name) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "eng", "host", name));

    public static ParameterResource GeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true).Resource;
}
