namespace CertVerify.Web.Auth;

/// <summary>
/// Endpoint metadata: the endpoint never reads who calls it, so its requests are not authenticated at all
/// (<see cref="AuthExtensions.UseAuthenticationWhereRead"/>). Added with anonymous access by
/// <see cref="AuthExtensions.WithoutCallerIdentity{TBuilder}"/>, never alone.
/// </summary>
public sealed class SkipsAuthentication
{
    public static readonly SkipsAuthentication Instance = new();

    private SkipsAuthentication()
    {
    }
}
