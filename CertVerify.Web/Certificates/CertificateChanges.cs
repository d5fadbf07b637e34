using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>
/// Revoking, suspending and reinstating: committed to PostgreSQL and audited with actor and reason; the save tells
/// every replica (<see cref="ChangePublishingInterceptor"/>) before the answer goes out. Revocation is final; an
/// Admin's suspension is lifted only by an Admin.
/// </summary>
public sealed class CertificateChanges(CertVerifyDbContext db, AuditLog audit, MailOutbox outbox, TimeProvider clock)
{
    /// <summary>
    /// The issue notification written to the outbox again (the certificate notifies from now on); audited. Refused
    /// without a recipient email and for a revoked certificate (<see cref="RecipientNotifications.RefusalToNotify"/>).
    /// </summary>
    public async Task<Refusal?> NotifyAgainAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return Refusal.NotFound("certificate");
        }

        if (!CertificateAccess.CanManage(caller, certificate))
        {
            return Refusal.Forbidden("Staff can only notify the recipients of the certificates they issued.");
        }

        if (RecipientNotifications.RefusalToNotify(certificate) is { } refusal)
        {
            return refusal;
        }

        certificate.Notify = true;
        outbox.Add(MailKind.CertificateIssued, certificate.RecipientEmail!, certificate.Id);
        audit.Add(AuditActions.RecipientNotified, certificate.Id.ToString(),
            new { code = CertificateCode.Format(certificate.Code), email = certificate.RecipientEmail });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<Outcome<Certificate>> ChangeStatusAsync(Guid id, CertificateStatus target, string? reason, ClaimsPrincipal caller)
    {
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == id);
        if (certificate is null)
        {
            return Refusal.NotFound("certificate");
        }

        if (!CertificateAccess.CanManage(caller, certificate))
        {
            return Refusal.Forbidden("Staff can only change the certificates they issued.");
        }

        if (target != CertificateStatus.Active && string.IsNullOrWhiteSpace(reason))
        {
            return Refusal.Invalid("reason", "Say why: the reason is shown to everyone who verifies it.");
        }

        if (certificate.Status == CertificateStatus.Revoked)
        {
            return Refusal.Conflict("The certificate is revoked; revocation cannot be undone.");
        }

        if (target == CertificateStatus.Active && certificate.Status != CertificateStatus.Suspended)
        {
            return Refusal.Conflict("Only a suspended certificate can be reinstated.");
        }

        if (target == CertificateStatus.Active && certificate.SuspendedByAdmin && !caller.IsAdmin())
        {
            return Refusal.Forbidden("An Admin suspended this certificate: only an Admin can reinstate it.");
        }

        if (certificate.Status != target)
        {
            Apply(certificate, target, reason, caller);
            audit.Add(ActionFor(target), certificate.Id.ToString(), new { code = CertificateCode.Format(certificate.Code), reason });
            await db.SaveChangesAsync();
        }

        return certificate;
    }

    /// <summary>Revokes all the listed certificates the caller may manage, in one transaction.</summary>
    public async Task<Outcome<BulkRevokeResult>> RevokeManyAsync(
        IReadOnlyList<Guid> ids, string reason, ClaimsPrincipal caller)
    {
        var found = await db.Certificates.Where(c => ids.Contains(c.Id)).ToListAsync();
        if (found.Any(c => !CertificateAccess.CanManage(caller, c)))
        {
            return Refusal.Forbidden("Staff can only revoke the certificates they issued; nothing was revoked.");
        }

        var toRevoke = found.Where(c => c.Status != CertificateStatus.Revoked).ToList();
        foreach (var certificate in toRevoke)
        {
            Apply(certificate, CertificateStatus.Revoked, reason, caller);
            audit.Add(AuditActions.CertificateRevoked, certificate.Id.ToString(), new { code = CertificateCode.Format(certificate.Code), reason, bulk = true });
        }

        await db.SaveChangesAsync();
        var notFound = ids.Except(found.Select(c => c.Id)).ToList();
        return new BulkRevokeResult(toRevoke.Count, found.Count - toRevoke.Count, notFound);
    }

    private void Apply(Certificate certificate, CertificateStatus target, string? reason, ClaimsPrincipal actor)
    {
        var now = clock.GetUtcNow();
        certificate.Status = target;
        certificate.StatusChangedAt = now;
        certificate.StatusReason = target == CertificateStatus.Active ? null : reason?.Trim();
        certificate.StatusChangedBy = actor.UserId();
        certificate.SuspendedByAdmin = target == CertificateStatus.Suspended && actor.IsAdmin();
        certificate.UpdatedAt = now;
    }

    private static string ActionFor(CertificateStatus target) => target switch
    {
        CertificateStatus.Revoked => AuditActions.CertificateRevoked,
        CertificateStatus.Suspended => AuditActions.CertificateSuspended,
        _ => AuditActions.CertificateReinstated,
    };
}
