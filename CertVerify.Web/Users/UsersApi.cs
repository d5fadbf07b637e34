using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;
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

    // EnumDataType: an enum in a query string also binds from any number (role=99), which names no role.
    private static async Task<Ok<PagedList<UserView>>> ListAsync(
        CertVerifyDbContext db, [AsParameters] PageQuery page, string? search, [EnumDataType(typeof(UserRole))] UserRole? role, CancellationToken ct) =>
        TypedResults.Ok(await UserQueries.SearchAsync(db, page, search, role, ct));

    private static Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UserAdministration users) =>
        users.CreateAsync(request).ToResult(user => TypedResults.Created($"/api/users/{user.Id}", UserView.From(user)));

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(Guid id, CertVerifyDbContext db, CancellationToken ct) =>
        await UserQueries.FindAsync(db, id, ct) is { } user ? TypedResults.Ok(user) : Problems.NotFound("user");

    private static Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest request, UserAdministration users, CancellationToken ct) =>
        users.UpdateAsync(id, request, ct).ToResult(user => TypedResults.Ok(UserView.From(user)));

    private static async Task<Results<Ok<IReadOnlyList<SessionInfo>>, ProblemHttpResult>> ListSessionsAsync(
        Guid id, CertVerifyDbContext db, SessionStore sessions, CancellationToken ct) =>
        await db.Users.AnyAsync(u => u.Id == id, ct)
            ? TypedResults.Ok(await sessions.ListAsync(id))
            : Problems.NotFound("user");

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionsAsync(Guid id, UserAdministration users, CancellationToken ct) =>
        await users.EndSessionsAsync(id, ct) is { } refusal ? Problems.For(refusal) : TypedResults.NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(Guid id, string sessionId, UserAdministration users) =>
        await users.EndSessionAsync(id, sessionId) is { } refusal ? Problems.For(refusal) : TypedResults.NoContent();

    public static IServiceCollection AddUserAdministration(this IServiceCollection services) => services.AddScoped<UserAdministration>();
}
