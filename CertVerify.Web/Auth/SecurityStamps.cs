using System.Collections.Concurrent;
using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Auth;

/// <summary>
/// Each user's current security stamp as PostgreSQL holds it, kept by each replica for a few seconds: a session whose
/// stamp is not the user's current one (role changed, account disabled) is over on every replica within
/// <see cref="SessionOptions.StampCheckSeconds"/>, even when Redis could not be told to delete it. A change made
/// through the change feed is dropped at once; everything is dropped after Redis was unreachable.
/// </summary>
public sealed class SecurityStamps
{
    private sealed record Known(Guid? Stamp, long FetchedAt);

    private readonly ConcurrentDictionary<Guid, Known> _known = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _freshFor;

    public SecurityStamps(ChangeFeed changes, TimeProvider clock, IOptions<SessionOptions> options)
    {
        _clock = clock;
        _freshFor = TimeSpan.FromSeconds(options.Value.StampCheckSeconds);
        changes.Subscribe(ChangeKinds.Changed<User>(), Forget);
        changes.OnMissedChanges(() =>
        {
            _known.Clear();
            return Task.CompletedTask;
        });
    }

    /// <summary>Whether a session begun with <paramref name="stamp"/> is still the user's: enabled, and the stamp unchanged.</summary>
    public async Task<bool> IsCurrentAsync(Guid userId, string? stamp, CertVerifyDbContext db, CancellationToken ct) =>
        Guid.TryParse(stamp, out var claimed) && await CurrentAsync(userId, db, ct) == claimed;

    /// <summary>The stamp of an enabled user, null for a disabled or missing one; the last known while PostgreSQL cannot be reached.</summary>
    private async Task<Guid?> CurrentAsync(Guid userId, CertVerifyDbContext db, CancellationToken ct)
    {
        var now = _clock.GetTimestamp();
        _known.TryGetValue(userId, out var known);
        if (known is not null && _clock.GetElapsedTime(known.FetchedAt, now) < _freshFor)
        {
            return known.Stamp;
        }

        try
        {
            var stamp = await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.Disabled).Select(u => (Guid?)u.SecurityStamp).SingleOrDefaultAsync(ct);
            _known[userId] = new Known(stamp, now);
            return stamp;
        }
        catch (Exception ex) when (known is not null && ex.IsDatabaseUnavailable())
        {
            return known.Stamp;
        }
    }

    private Task Forget(IReadOnlyList<string> userIds)
    {
        foreach (var id in userIds)
        {
            if (Guid.TryParse(id, out var userId))
            {
                _known.TryRemove(userId, out _);
            }
        }

        return Task.CompletedTask;
    }
}
