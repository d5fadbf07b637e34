using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Audit;

public static class AuditApi
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services) => services.AddScoped<AuditLog>();

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", SearchAsync)
            .WithTags("Audit")
            .RequireAuthorization(Policies.Admin);
        return app;
    }

    /// <summary>Newest first. <c>actor</c> is a user id or an email; <c>from</c>/<c>to</c> bound the time.</summary>
    private static async Task<Results<Ok<PagedList<AuditEntryView>>, ValidationProblem>> SearchAsync(
        CertVerifyDbContext db,
        [AsParameters] PageQuery page,
        string? actor,
        string? action,
        DateTimeOffset? from,
        DateTimeOffset? to,
        CancellationToken ct)
    {
        if (from > to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' must not be after 'to'."] });
        }

        (from, to) = (from?.ToUniversalTime(), to?.ToUniversalTime());
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(actor))
        {
            query = Guid.TryParse(actor, out var actorId)
                ? query.Where(e => e.ActorId == actorId)
                : query.Where(e => e.ActorEmail != null && e.ActorEmail.ToUpper() == User.Normalize(actor));
        }

        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(e => e.Action == action);
        }

        if (from is not null)
        {
            query = query.Where(e => e.At >= from);
        }

        if (to is not null)
        {
            query = query.Where(e => e.At <= to);
        }

        return TypedResults.Ok(await query.OrderByDescending(e => e.Id)
            .Select(e => new AuditEntryView(e.Id, e.At, e.ActorId, e.ActorEmail, e.Action, e.Target, e.ClientIp, e.InstanceId, e.Detail))
            .ToPagedListAsync(page, ct));
    }

    public sealed record AuditEntryView(
        long Id, DateTimeOffset At, Guid? ActorId, string? ActorEmail, string Action, string? Target, string? ClientIp,
        string InstanceId, System.Text.Json.JsonDocument? Detail);
}
