namespace CertVerify.Web.Accounts;

/// <summary>Authorization policies, one per kind of caller an endpoint admits.</summary>
public static class Policies
{
    /// <summary>Admins only: users, audit log, operator endpoints.</summary>
    public const string Admin = "Admin";

    /// <summary>Staff and Admins: issuing and managing certificates, templates and API keys.</summary>
    public const string Issuer = "Issuer";

    /// <summary>Anyone signed in (any role, by cookie or API key).</summary>
    public const string SignedIn = "SignedIn";
}
