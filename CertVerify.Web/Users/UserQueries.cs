using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Users;

/// <summary>The reads of user administration, shared by <c>GET /api/users</c> and the admin pages.</summary>
internal static class UserQueries
{
    /// <summary>Users whose email or name contains <paramref name="search"/> (any case), with the role, by email.</summary>
    public static async Task<PagedList<UserView>> SearchAsync(
        CertVerifyDbContext db, PageQuery page, string? search, UserRole? role, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Containing(search.Trim());
            query = query.Where(u => EF.Functions.ILike(u.Email, pattern, "\\") || EF.Functions.ILike(u.Name, pattern, "\\"));
        }

        if (role is not null)
        {
            query = query.Where(u => u.Role == role);
        }

        var users = await query.OrderBy(u => u.Email).ToPagedListAsync(page, ct);
        return users.Select(UserView.From);
    }

    public static async Task<UserView?> FindAsync(CertVerifyDbContext db, Guid id, CancellationToken ct) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) is { } user ? UserView.From(user) : null;
}
