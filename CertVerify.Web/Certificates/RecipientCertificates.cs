using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>
/// A recipient's own certificates: those issued to their account's email (as <see cref="EmailComparison"/> compares), once
/// confirmed, whatever their role.
/// The recipient, and only the recipient, decides whether each is public.
/// </summary>
public sealed class RecipientCertificates(CertVerifyDbContext db, AuditLog audit)
{
    /// <summary>
    /// Audited when it changes. A certificate that is not the caller's is not found whether or not it exists, so that
    /// ids cannot be probed (Admins included). Making one public gives the caller a profile address if they have none.
    /// </summary>
    public async Task<Outcome<Certificate>> SetVisibilityAsync(Guid id, bool isPublic, ClaimsPrincipal caller, CancellationToken ct)
    {
        var certificate = await IssuedTo(db, db.Certificates, caller).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (certificate is null)
        {
            return Refusal.NotFound("certificate");
        }

        if (certificate.IsPublic != isPublic)
        {
            // UpdatedAt stays: it versions the rendered documents, and they do not show the visibility.
            certificate.IsPublic = isPublic;
            audit.Add(AuditActions.CertificateVisibilityChanged, certificate.Id.ToString(), new { code = CertificateCode.Format(certificate.Code), isPublic });
            if (isPublic)
            {
                var userId = caller.UserId();
                var handle = User.NewProfileHandle();
                await db.Users.Where(u => u.Id == userId && u.ProfileHandle == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.ProfileHandle, handle), ct);
            }

            // The public verification page shows more than the private one: the save tells every replica.
            await db.SaveChangesAsync(ct);
        }

        return certificate;
    }

    /// <summary>
    /// The certificates issued to the signed-in caller's account email, once the account has confirmed it: as the
    /// database says now, not the session (an address never proved sees nothing, so registering someone else's shows nothing).
    /// </summary>
    public static IQueryable<Certificate> IssuedTo(CertVerifyDbContext db, IQueryable<Certificate> certificates, ClaimsPrincipal caller)
    {
        var userId = caller.UserId();
        var users = db.Users;
        return certificates.Where(c => users.Any(u =>
            u.Id == userId && u.EmailConfirmedAt != null && !u.Disabled && u.NormalizedEmail == c.NormalizedRecipientEmail));
    }

    /// <summary>The certificates issued to an email, given normalized (<see cref="User.Normalize"/>).</summary>
    public static IQueryable<Certificate> IssuedTo(IQueryable<Certificate> certificates, string normalizedEmail) =>
        certificates.Where(c => c.NormalizedRecipientEmail == normalizedEmail);

    /// <summary>One page, newest first: the order of <c>GET /api/me/certificates</c>, <c>/me</c> and profiles.</summary>
    public static Task<PagedList<Certificate>> NewestFirstAsync(IQueryable<Certificate> certificates, PageQuery page, CancellationToken ct) =>
        certificates.OrderByDescending(c => c.IssuedAt).ThenByDescending(c => c.Id).ToPagedListAsync(page, ct);
}
