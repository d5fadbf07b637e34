namespace CertVerify.Tests.Deployment;

/// <summary>
/// The topology the deployment checks examine: the one the tests start, or, when <c>CERTVERIFY_URL</c> is set
/// (by <c>eng/check-deployment.sh</c>), a topology that is already running, which the tests then leave alone.
/// </summary>
public sealed record DeploymentTarget(Uri Nginx, string AdminEmail, string AdminPassword, int Replicas)
{
    /// <summary>The running topology named by the environment, or null when the tests start their own.</summary>
    public static DeploymentTarget? Attached { get; } = FromEnvironment();

    private static DeploymentTarget? FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("CERTVERIFY_URL");
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        return new DeploymentTarget(
            new Uri(url),
            Environment.GetEnvironmentVariable("CERTVERIFY_ADMIN_EMAIL") is { Length: > 0 } email ? email : "admin@certverify.local",
            Environment.GetEnvironmentVariable("CERTVERIFY_ADMIN_PASSWORD")
                ?? throw new InvalidOperationException("CERTVERIFY_ADMIN_PASSWORD is required with CERTVERIFY_URL"),
            int.Parse(Environment.GetEnvironmentVariable("CERTVERIFY_REPLICAS") is { Length: > 0 } replicas ? replicas : "3"));
    }
}
