using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Auth;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Users;

/// <summary>User administration, for Admins only.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users")
            .WithTags("Users")
            .RequireAuthorization(Policies.Admin);

        users.MapGet("/", ListAsync)
            .WithName("ListUsers")
            .WithSummary("List users")
            .WithDescription("By email, a page at a time; `search` matches part of the email or name, `role` one role.");
        users.MapPost("/", CreateAsync)
            .WithName("CreateUser")
            .WithSummary("Create a user")
            .WithDescription("An account with any role; 409 when the email is taken.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/{id:guid}", GetAsync)
            .WithName("GetUser")
            .WithSummary("Get a user")
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPatch("/{id:guid}", UpdateAsync)
            .WithName("UpdateUser")
            .WithSummary("Change a user's role, status or name")
            .WithDescription("Only the fields present change. A new role or disabling ends all the user's sessions, on every " +
                "replica at once. 409 for the last enabled Admin, who cannot be demoted or disabled.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/{id:guid}/sessions", ListSessionsAsync)
            .WithName("ListUserSessions")
            .WithSummary("List a user's sessions")
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapDelete("/{id:guid}/sessions", RevokeSessionsAsync)
            .WithName("RevokeUserSessions")
            .WithSummary("End all of a user's sessions")
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapDelete("/{id:guid}/sessions/{sessionId}", RevokeSessionAsync)
            .WithName("RevokeUserSession")
            .WithSummary("End one of a user's sessions")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public sealed record CreateUserRequest(
        [Required, EmailAddress, StringLength(UserLimits.EmailLength)] string Email,
        [Required, StringLength(UserLimits.NameLength, MinimumLength = 1)] string Name,
        [Required, StringLength(PasswordPolicy.MaxLength)] string Password,
        [Required] UserRole? Role);

    /// <summary>Only the fields present change.</summary>
    public sealed record UpdateUserRequest(
        UserRole? Role,
        bool? Disabled,
        [StringLength(UserLimits.NameLength, MinimumLength = 1)] string? Name);

    // EnumDataType: an enum in a query string also binds from any number (role=99), which names no role.
    private static async Task<Ok<PagedList<UserView>>> ListAsync(
        CertVerifyDbContext db, [AsParameters] PageQuery page, string? search, [EnumDataType(typeof(UserRole))] UserRole? role, CancellationToken ct) =>
        TypedResults.Ok(await UserQueries.SearchAsync(db, page, search, role, ct));

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UserAccounts accounts, AuditLog audit)
    {
        var (user, field, error) = await accounts.CreateAsync(request.Email, request.Name, request.Password, request.Role!.Value);
        if (user is null)
        {
            return field == "email" ? Problems.Conflict(error!) : Problems.Field(field!, error!);
        }

        audit.Add(AuditActions.UserCreated, user.Id.ToString(), new { user.Email, role = user.Role.ToString() });
        if (await accounts.SaveAsync() is { } conflict)
        {
            return Problems.Conflict(conflict);
        }

        return TypedResults.Created($"/api/users/{user.Id}", UserView.From(user));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(Guid id, CertVerifyDbContext db, CancellationToken ct) =>
        await UserQueries.FindAsync(db, id, ct) is { } user ? TypedResults.Ok(user) : Problems.NotFound("user");

    /// <summary>
    /// Changing a role or disabling ends all the user's sessions, so the change applies at once on every replica.
    /// The last enabled Admin cannot be demoted or disabled.
    /// </summary>
    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest request, CertVerifyDbContext db, SessionStore sessions, AuditLog audit, CancellationToken ct)
    {
        // Optional, but when given a name like any other: [Required] refuses blank ones, StringLength does not.
        if (request.Name is { } name && string.IsNullOrWhiteSpace(name))
        {
            return Problems.Field("name", "The name must not be blank.");
        }

        // The whole read-check-write runs in one transaction (retried as a unit by the connection's retry strategy).
        var (user, refusal, endSessions) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Serialises Admin changes, so two Admins demoting each other at once cannot leave none.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdminChangesLockKey})", ct);
            var outcome = await ApplyAsync(id, request, db, audit, ct);
            if (outcome.Refusal is null)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return outcome;
        });

        if (refusal is not null)
        {
            return refusal;
        }

        if (endSessions)
        {
            var ended = await sessions.RevokeAllAsync(user!.Id);
            await audit.WriteAsync(AuditActions.SessionsRevoked, user.Id.ToString(), new { count = ended, reason = "role or status changed" });
        }

        return TypedResults.Ok(UserView.From(user!));
    }

    private static async Task<(User? User, ProblemHttpResult? Refusal, bool EndSessions)> ApplyAsync(
        Guid id, UpdateUserRequest request, CertVerifyDbContext db, AuditLog audit, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return (null, Problems.NotFound("user"), false);
        }

        var role = request.Role ?? user.Role;
        var disabled = request.Disabled ?? user.Disabled;
        var losesAdmin = user.Role == UserRole.Admin && !user.Disabled && (role != UserRole.Admin || disabled);
        if (losesAdmin && !await db.Users.AnyAsync(u => u.Id != id && u.Role == UserRole.Admin && !u.Disabled, ct))
        {
            return (null, Problems.Conflict("This is the last enabled Admin: make another Admin first."), false);
        }

        var endSessions = false;
        if (role != user.Role)
        {
            audit.Add(AuditActions.RoleChanged, user.Id.ToString(), new { from = user.Role.ToString(), to = role.ToString() });
            user.Role = role;
            endSessions = true;
        }

        if (disabled != user.Disabled)
        {
            audit.Add(disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user.Id.ToString());
            user.Disabled = disabled;
            endSessions |= disabled;
        }

        if (request.Name is not null)
        {
            user.Name = request.Name.Trim();
        }

        return (user, null, endSessions);
    }

    private static async Task<Results<Ok<IReadOnlyList<SessionInfo>>, ProblemHttpResult>> ListSessionsAsync(
        Guid id, CertVerifyDbContext db, SessionStore sessions, CancellationToken ct) =>
        await db.Users.AnyAsync(u => u.Id == id, ct)
            ? TypedResults.Ok(await sessions.ListAsync(id))
            : Problems.NotFound("user");

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionsAsync(
        Guid id, CertVerifyDbContext db, SessionStore sessions, AuditLog audit, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id, ct))
        {
            return Problems.NotFound("user");
        }

        var ended = await sessions.RevokeAllAsync(id);
        await audit.WriteAsync(AuditActions.SessionsRevoked, id.ToString(), new { count = ended, reason = "revoked by an Admin" });
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(
        Guid id, string sessionId, SessionStore sessions, AuditLog audit)
    {
        if (!await sessions.RevokeAsync(id, sessionId))
        {
            return Problems.NotFound("session");
        }

        await audit.WriteAsync(AuditActions.SessionsRevoked, id.ToString(), new { count = 1, reason = "revoked by an Admin" });
        return TypedResults.NoContent();
    }

    private const long AdminChangesLockKey = 0x55_73_65_72_41_64_6D; // "UserAdm"
}
