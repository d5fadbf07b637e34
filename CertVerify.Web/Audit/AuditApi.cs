using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertVerify.Web.Audit;

public static class AuditApi
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services) => services.AddScoped<AuditLog>();

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", SearchAsync)
            .WithTags("Audit")
            .RequireAuthorization(Policies.Admin)
            .WithName("SearchAuditLog")
            .WithSummary("Search the audit log")
            .WithDescription("Newest first, a page at a time. `actor` is a user id or an email, `action` and `target` match " +
                "exactly, `from` and `to` bound the time (both included).");
        return app;
    }

    /// <summary>Newest first, filtered as <see cref="AuditFilter"/> says.</summary>
    private static async Task<Results<Ok<PagedList<AuditEntryView>>, ValidationProblem>> SearchAsync(
        CertVerifyDbContext db, [AsParameters] PageQuery page, [AsParameters] AuditFilter filter, CancellationToken ct) =>
        filter.Error is { } error
            ? Problems.Field("from", error)
            : TypedResults.Ok(await filter.SearchAsync(db, page, ct));
}
