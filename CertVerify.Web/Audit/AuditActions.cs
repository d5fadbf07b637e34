
namespace CertVerify.Web.Audit;

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string Register = "user.register";
    public const string LoginSucceeded = "auth.login";
    public const string LoginFailed = "auth.login_failed";
    public const string LoginLocked = "auth.login_locked";
    public const string Logout = "auth.logout";
    public const string PasswordChanged = "auth.password_changed";
    public const string SessionsRevoked = "auth.sessions_revoked";
    public const string UserCreated = "user.create";
    public const string RoleChanged = "user.role_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string KeyCreated = "apikey.create";
    public const string KeyRevoked = "apikey.revoke";
    public const string OrganisationUpdated = "organisation.update";
    public const string OrganisationLogoUpdated = "organisation.logo_update";
    public const string OrganisationLogoRemoved = "organisation.logo_remove";
    public const string TemplateCreated = "template.create";
    public const string TemplateUpdated = "template.update";
    public const string TemplateDeleted = "template.delete";
    public const string CertificateIssued = "certificate.issue";
    public const string CertificatesBulkIssued = "certificate.bulk_issue";
    public const string CertificateRevoked = "certificate.revoke";
    public const string CertificateSuspended = "certificate.suspend";
    public const string CertificateReinstated = "certificate.reinstate";
    public const string CertificateVisibilityChanged = "certificate.visibility";
    public const string SigningKeyRotated = "signing_key.rotate";
    public const string MailRetried = "mail.retry";
    public const string MailTemplateUpdated = "mail.template_update";
    public const string MailTemplateReset = "mail.template_reset";
    public const string RecipientNotified = "certificate.notify";
    public const string EmailConfirmed = "user.email_confirmed";
    public const string PasswordResetRequested = "auth.password_reset_requested";
    public const string PasswordReset = "auth.password_reset";

    /// <summary>Every action above, in alphabetical order (the audit page offers them as a filter).</summary>
    public static IReadOnlyList<string> All { get; } = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();
}
