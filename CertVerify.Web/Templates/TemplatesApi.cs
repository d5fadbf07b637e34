using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Templates;

/// <summary>Certificate templates, used by all issuers of the installation, changed by their owner or an Admin.</summary>
public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/templates")
            .WithTags("Templates")
            .RequireAuthorization(Policies.Issuer);

        templates.MapGet("/", ListAsync)
            .WithName("ListTemplates")
            .WithSummary("List templates")
            .WithDescription("By name; `?active=true` or `false` for one kind.");
        templates.MapPost("/", CreateAsync)
            .WithName("CreateTemplate")
            .WithSummary("Create a template")
            .WithDescription("`design` is a JSON object of at most 64 KB (`orientation`: landscape or portrait); 409 when the name is taken. " +
                "`reminderDaysBeforeExpiry` (0 to 3650; 0 or absent: none) mails the recipients of its expiring certificates that many days ahead.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        templates.MapGet("/{id:guid}", GetAsync)
            .WithName("GetTemplate")
            .WithSummary("Get a template")
            .ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapPut("/{id:guid}", UpdateAsync)
            .WithName("UpdateTemplate")
            .WithSummary("Change a template")
            .WithDescription("The name, description and `reminderDaysBeforeExpiry` as sent; `design` and `active` stay as they were when left out. Only the " +
                "template's owner (`ownerId`, its creator) or an Admin changes it: 403 for anyone else. 409 when the name is taken.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        templates.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteTemplate")
            .WithSummary("Delete an unused template")
            .WithDescription("The owner or an Admin only (403 for anyone else); 409 when certificates use it: deactivate it " +
                "instead (`PUT` with `\"active\": false`).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<TemplateView>>> ListAsync(CertVerifyDbContext db, bool? active, CancellationToken ct)
    {
        var query = db.Templates.AsNoTracking();
        if (active is not null)
        {
            query = query.Where(t => t.Active == active);
        }

        var templates = await query.OrderBy(t => t.Name).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<TemplateView>>(templates.Select(TemplateView.From).ToList());
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetAsync(Guid id, CertVerifyDbContext db, CancellationToken ct) =>
        await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct) is { } template
            ? TypedResults.Ok(TemplateView.From(template))
            : Problems.NotFound("template");

    private static Task<Results<Created<TemplateView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TemplateRequest request, ClaimsPrincipal caller, TemplateEditor editor, CancellationToken ct) =>
        editor.CreateAsync(request, caller, ct).ToResult(template => TypedResults.Created($"/api/templates/{template.Id}", TemplateView.From(template)));

    private static Task<Results<Ok<TemplateView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, TemplateRequest request, ClaimsPrincipal caller, TemplateEditor editor, CancellationToken ct) =>
        editor.UpdateAsync(id, request, caller, ct).ToResult(template => TypedResults.Ok(TemplateView.From(template)));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal caller, TemplateEditor editor, CancellationToken ct) =>
        await editor.DeleteAsync(id, caller, ct) is { } refusal ? Problems.For(refusal) : TypedResults.NoContent();

    public static IServiceCollection AddTemplates(this IServiceCollection services) => services.AddScoped<TemplateEditor>();
}
