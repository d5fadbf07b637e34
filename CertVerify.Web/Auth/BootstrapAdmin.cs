using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Auth;

/// <summary>
/// Creates the first Admin from configuration (AppHost parameters admin-email and admin-password) when no account
/// has that email yet. An existing account is left as it is, so a password the Admin changed stays changed.
/// </summary>
public static class BootstrapAdmin
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BootstrapAdmin));
        if (string.IsNullOrWhiteSpace(options.AdminEmail) || string.IsNullOrEmpty(options.AdminPassword))
        {
            logger.LogInformation("No bootstrap Admin configured (Bootstrap:AdminEmail, Bootstrap:AdminPassword)");
            return;
        }

        var db = services.GetRequiredService<CertVerifyDbContext>();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == User.Normalize(options.AdminEmail), ct))
        {
            return;
        }

        var accounts = services.GetRequiredService<UserAccounts>();
        var created = await accounts.CreateAsync(options.AdminEmail, "Administrator", options.AdminPassword, UserRole.Admin);
        if (created.Value is not { } admin)
        {
            throw new InvalidOperationException($"The bootstrap Admin cannot be created: {created.Refusal!.Detail}");
        }

        services.GetRequiredService<AuditLog>().Add(AuditActions.UserCreated, admin.Id.ToString(),
            new { admin.Email, role = admin.Role.ToString(), bootstrap = true }, new Actor(null, "system"));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created the bootstrap Admin {Email}", admin.Email);
    }
}
