
namespace CertVerify.AppHost.Infrastructure;

/// <summary>Where host-process mode finds redis-server, nginx, node and the PostgreSQL server binaries.</summary>
public static class HostBinaries
{
    public const string PostgresBinDirectoryKey = "Infrastructure:PostgresBinDirectory";

    private static readonly string[] SearchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/local/sbin", "/sbin"];

    public static string RedisServer => Find("redis-server") ?? "redis-server";

    public static string Nginx => Find("nginx") ?? "nginx";

    public static string Node => Find("node") ?? "node";

    /// <summary>The configured PostgreSQL bin directory, else the newest /usr/lib/postgresql/N/bin.</summary>
    public static string? PostgresBinDirectory(IConfiguration configuration)
    {
        if (configuration[PostgresBinDirectoryKey] is { Length: > 0 } configured)
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
                .Where(candidate => File.Exists(Path.Combine(candidate.Dir, "postgres")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Dir)
                .FirstOrDefault()
            : null;
    }

    public static void EnsureInstalled(IConfiguration configuration)
    {
        var missing = new List<string>();
        if (Find("redis-server") is null)
        {
            missing.Add("redis-server");
        }

        if (Find("nginx") is null)
        {
            missing.Add("nginx");
        }

        if (Find("node") is null)
        {
            missing.Add("nodejs");
        }

        var postgres = PostgresBinDirectory(configuration);
        if (postgres is null || !File.Exists(Path.Combine(postgres, "initdb")))
        {
            missing.Add("postgresql");
        }

        if (Environment.UserName == "root" && Find("setpriv") is null)
        {
            missing.Add("util-linux");
        }

        if (missing.Count > 0)
        {
            throw new DistributedApplicationException(
                "No container runtime is available, and host-process mode is missing: " + string.Join(", ", missing) + ". " +
                "Install them with 'sudo apt-get install -y " + string.Join(' ', missing) + "' (or run eng/install-prerequisites.sh), " +
                "or start Docker or Podman to run in container mode.");
        }
    }

    private static string? Find(string name) =>
        SearchPath.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
