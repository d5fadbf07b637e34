using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using CertVerify.Documents;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Templates;

/// <summary>Certificate templates, shared by all issuers of the installation.</summary>
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
            .WithDescription("`design` is a JSON object of at most 64 KB (`orientation`: landscape or portrait); 409 when the name is taken.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        templates.MapGet("/{id:guid}", GetAsync)
            .WithName("GetTemplate")
            .WithSummary("Get a template")
            .ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapPut("/{id:guid}", UpdateAsync)
            .WithName("UpdateTemplate")
            .WithSummary("Change a template")
            .WithDescription("The name and description as sent; `design` and `active` stay as they were when left out. 409 when the name is taken.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        templates.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteTemplate")
            .WithSummary("Delete an unused template")
            .WithDescription("409 when certificates use it: deactivate it instead (`PUT` with `\"active\": false`).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record TemplateRequest(
        [Required, StringLength(TemplateLimits.NameLength, MinimumLength = 1)] string Name,
        [StringLength(TemplateLimits.DescriptionLength)] string? Description,
        JsonElement? Design,
        bool? Active);

    public sealed record TemplateView(Guid Id, string Name, string? Description, JsonElement Design, bool Active,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static TemplateView From(Template t) =>
            new(t.Id, t.Name, t.Description, JsonDocument.Parse(t.Design).RootElement.Clone(), t.Active, t.CreatedAt, t.UpdatedAt);
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

    private static async Task<Results<Created<TemplateView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TemplateRequest request, ClaimsPrincipal caller, CertVerifyDbContext db, AuditLog audit, TimeProvider clock)
    {
        if (CheckDesign(request.Design) is { } invalid)
        {
            return Problems.Field("design", invalid);
        }

        var now = clock.GetUtcNow();
        var template = new Template
        {
            Name = request.Name.Trim(),
            NormalizedName = Normalize(request.Name),
            Description = request.Description,
            Design = request.Design?.GetRawText() ?? "{}",
            Active = request.Active ?? true,
            CreatedBy = caller.UserId(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Templates.Add(template);
        audit.Add(AuditActions.TemplateCreated, template.Id.ToString(), new { template.Name });
        return await SaveAsync(db) is { } conflict
            ? conflict
            : TypedResults.Created($"/api/templates/{template.Id}", TemplateView.From(template));
    }

    private static async Task<Results<Ok<TemplateView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, TemplateRequest request, CertVerifyDbContext db, AuditLog audit, TimeProvider clock)
    {
        if (CheckDesign(request.Design) is { } invalid)
        {
            return Problems.Field("design", invalid);
        }

        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id);
        if (template is null)
        {
            return Problems.NotFound("template");
        }

        template.Name = request.Name.Trim();
        template.NormalizedName = Normalize(request.Name);
        template.Description = request.Description;
        template.Design = request.Design?.GetRawText() ?? template.Design;
        template.Active = request.Active ?? template.Active;
        template.UpdatedAt = clock.GetUtcNow();
        audit.Add(AuditActions.TemplateUpdated, template.Id.ToString(), new { template.Name, template.Active });
        return await SaveAsync(db) is { } conflict ? conflict : TypedResults.Ok(TemplateView.From(template));
    }

    /// <summary>Only an unused template can be deleted; one that certificates use is deactivated instead.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, CertVerifyDbContext db, AuditLog audit, CancellationToken ct)
    {
        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return Problems.NotFound("template");
        }

        db.Templates.Remove(template);
        audit.Add(AuditActions.TemplateDeleted, template.Id.ToString(), new { template.Name });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsForeignKeyViolation())
        {
            // The certificates' foreign key is the rule, so a certificate issued meanwhile cannot lose its template.
            return Problems.Conflict("Certificates use this template: deactivate it instead (PUT with \"active\": false).");
        }

        return TypedResults.NoContent();
    }

    /// <summary>An object of at most 64 KB; <c>orientation</c>, when given, is landscape or portrait. Other keys are the designer's.</summary>
    internal static string? CheckDesign(JsonElement? design)
    {
        if (design is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return "The design must be a JSON object.";
        }

        if (value.GetRawText().Length > TemplateLimits.DesignBytes)
        {
            return "The design must be at most 64 KB.";
        }

        return value.TryGetProperty("orientation", out var orientation)
            && (orientation.ValueKind != JsonValueKind.String || !DocumentLayout.Orientations.Contains(orientation.GetString()))
            ? "orientation must be \"landscape\" or \"portrait\"."
            : null;
    }

    private static string Normalize(string name) => name.Trim().ToUpperInvariant();

    private static async Task<ProblemHttpResult?> SaveAsync(CertVerifyDbContext db)
    {
        try
        {
            await db.SaveChangesAsync();
            return null;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return Problems.Conflict("A template with this name already exists.");
        }
    }
}
