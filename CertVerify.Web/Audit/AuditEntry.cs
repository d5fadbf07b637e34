using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CertVerify.Web.Audit;

/// <summary>One state change or security event. Append-only: the database refuses updates and deletes.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid? ActorId { get; set; }

    public string? ActorEmail { get; set; }

    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? ClientIp { get; set; }

    public required string InstanceId { get; set; }

    public JsonDocument? Detail { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_log");
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.ActorEmail).HasMaxLength(254);
        entry.Property(e => e.Target).HasMaxLength(320);
        entry.Property(e => e.ClientIp).HasMaxLength(64);
        entry.Property(e => e.InstanceId).HasMaxLength(128);
        entry.Property(e => e.Detail).HasColumnType("jsonb");
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.ActorId, e.At });
        entry.HasIndex(e => new { e.Action, e.At });
        entry.HasIndex(e => new { e.Target, e.At });
    }
}

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

    /// <summary>Every action above, in alphabetical order (the audit page offers them as a filter).</summary>
    public static IReadOnlyList<string> All { get; } = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();
}
