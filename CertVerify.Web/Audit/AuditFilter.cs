using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Audit;

/// <summary>
/// The audit log's filters, the same for <c>GET /api/audit</c> and the admin audit page: <c>actor</c> is a user id or
/// an email, <c>action</c> and <c>target</c> match exactly, <c>from</c>/<c>to</c> bound the time (both included).
/// </summary>
public sealed record AuditFilter(string? Actor, string? Action, string? Target, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>Why the filter cannot be applied, or null.</summary>
    public string? Error => From > To ? "'from' must not be after 'to'." : null;

    /// <summary>One page of matching entries, newest first.</summary>
    public Task<PagedList<AuditEntryView>> SearchAsync(CertVerifyDbContext db, PageQuery page, CancellationToken ct)
    {
        var (from, to) = (From?.ToUniversalTime(), To?.ToUniversalTime());
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Actor))
        {
            var actor = Actor.Trim();
            query = Guid.TryParse(actor, out var actorId)
                ? query.Where(e => e.ActorId == actorId)
                : query.Where(e => e.ActorEmail != null && e.ActorEmail.ToLower() == User.Normalize(actor));
        }

        if (!string.IsNullOrWhiteSpace(Action))
        {
            var action = Action.Trim();
            query = query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(Target))
        {
            var target = Target.Trim();
            query = query.Where(e => e.Target == target);
        }

        if (from is not null)
        {
            query = query.Where(e => e.At >= from);
        }

        if (to is not null)
        {
            query = query.Where(e => e.At <= to);
        }

        return query.OrderByDescending(e => e.Id)
            .Select(e => new AuditEntryView(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.Target, e.ClientIp, e.InstanceId, e.Detail))
            .ToPagedListAsync(page, ct);
    }
}
