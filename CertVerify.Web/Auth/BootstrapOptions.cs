namespace CertVerify.Web.Auth;

/// <summary>The first Admin, created at start when no account has this email (AppHost parameters admin-email and admin-password).</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}
