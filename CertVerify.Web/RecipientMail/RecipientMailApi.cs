using System.Security.Claims;
using CertVerify.Web.Accounts;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertVerify.Web.RecipientMail;

/// <summary>The mail certificates' recipients get: its templates (Admins) and the scheduler of expiry reminders and notices.</summary>
public static class RecipientMailApi
{
    public static IServiceCollection AddRecipientMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExpiryMailOptions>().Bind(configuration.GetSection(ExpiryMailOptions.SectionName))
            .Validate(ExpiryMailOptions.IsValid, "ExpiryMail: IntervalSeconds must be 1 to 86400 and LateNoticeDays above 0, at most 366 (docs/operations.md).")
            .ValidateOnStart();
        services.AddHostedService<ExpiryMailScheduler>();
        foreach (var kind in MailTemplateDefaults.Kinds)
        {
            services.AddScoped<IMailWriter>(provider => ActivatorUtilities.CreateInstance<RecipientMailWriter>(provider, kind));
        }

        return services.AddScoped<MailTemplateEditor>().AddScoped<ExpiryMailQueue>();
    }

    public static IEndpointRouteBuilder MapRecipientMailApi(this IEndpointRouteBuilder app)
    {
        const string Kinds = "`CertificateIssued`, `CertificateExpiring` or `CertificateExpired` (any case)";
        var templates = app.MapGroup("/api/mail/templates").WithTags("Mail").RequireAuthorization(Policies.Admin);
        templates.MapGet("/", async (MailTemplateEditor editor, CancellationToken ct) => TypedResults.Ok(await editor.ListAsync(ct)))
            .WithName("ListMailTemplates")
            .WithSummary("List the templates of recipients' mail")
            .WithDescription("One per kind of mail to a certificate's recipient; `isDefault` when no wording is stored.");
        templates.MapGet("/{kind}", GetAsync)
            .WithName("GetMailTemplate")
            .WithSummary("Get a template of recipients' mail")
            .WithDescription($"`kind` is {Kinds}. Placeholders: see docs/mail.md.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapPut("/{kind}", UpdateAsync).DisableValidation()
            .WithName("UpdateMailTemplate")
            .WithSummary("Change a template of recipients' mail")
            .WithDescription("`subject` (one line, at most 200 characters), `text` (plain text, at most 10,000) and `html` (the body " +
                "inside the layout, at most 20,000) are required; placeholders are " + PlaceholderList + ". Values are HTML-encoded in " +
                "`html`. Mail written from then on uses it, including mail already waiting in the outbox.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        templates.MapDelete("/{kind}", ResetAsync)
            .WithName("ResetMailTemplate")
            .WithSummary("Reset a template of recipients' mail to its default")
            .WithDescription("Answers with the default wording.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapPost("/{kind}/preview", PreviewAsync).DisableValidation()
            .WithName("PreviewMailTemplate")
            .WithSummary("Render a template with sample values")
            .WithDescription("The wording sent (not saved) rendered for a sample certificate, with the organisation's name and logo: " +
                "`subject`, `text` and `html` (the whole message, layout included). The same checks as saving.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static readonly string PlaceholderList = string.Join(", ", MailPlaceholders.Descriptions.Keys.Select(k => $"`{{{{{k}}}}}`"));

    private static async Task<Results<Ok<MailTemplateView>, ProblemHttpResult>> GetAsync(string kind, MailTemplateEditor editor, CancellationToken ct) =>
        MailTemplateEditor.Parse(kind) is { } known ? TypedResults.Ok(await editor.GetAsync(known, ct)) : NotFound();

    private static async Task<Results<Ok<MailTemplateView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string kind, MailTemplateRequest request, ClaimsPrincipal caller, MailTemplateEditor editor, CancellationToken ct) =>
        MailTemplateEditor.Parse(kind) is { } known ? await editor.SaveAsync(known, request, caller, ct).ToResult(TypedResults.Ok) : NotFound();

    private static async Task<Results<Ok<MailTemplateView>, ProblemHttpResult>> ResetAsync(string kind, MailTemplateEditor editor, CancellationToken ct) =>
        MailTemplateEditor.Parse(kind) is { } known ? TypedResults.Ok(await editor.ResetAsync(known, ct)) : NotFound();

    private static async Task<Results<Ok<MailContent>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        string kind, MailTemplateRequest request, MailTemplateEditor editor, CancellationToken ct) =>
        MailTemplateEditor.Parse(kind) is not null ? await editor.PreviewAsync(request, ct).ToResult(TypedResults.Ok) : NotFound();

    private static ProblemHttpResult NotFound() => Problems.NotFound("kind of recipient mail");
}
