using CertVerify.Web.Accounts;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertVerify.Web.Mail;

public static class MailApi
{
    /// <summary>The outbox and every replica's sender; the features that send mail register their <see cref="IMailWriter"/>s.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.SectionName))
            .Validate(MailOptions.IsValid, "Mail: FromAddress must be an address, and the intervals and attempts positive (docs/operations.md).")
            // Unset is allowed (mail then waits in the outbox), unreadable is not: the replica stops at start, saying why.
            .Validate(_ => configuration.GetConnectionString(SmtpSettings.ConnectionName) is not { Length: > 0 } set || SmtpSettings.Parse(set).Error is null,
                SmtpSettings.Parse(configuration.GetConnectionString(SmtpSettings.ConnectionName)).Error ?? "")
            .ValidateOnStart();
        services.AddHostedService<OutboxSender>();
        return services.AddScoped<MailOutbox>().AddScoped<OutboxAdministration>();
    }

    public static IEndpointRouteBuilder MapMailApi(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapGroup("/api/mail/outbox").WithTags("Mail").RequireAuthorization(Policies.Admin);
        outbox.MapGet("/", async (OutboxStatus? status, [AsParameters] PageQuery page, OutboxAdministration admin, CancellationToken ct) =>
                TypedResults.Ok(await admin.ListAsync(status, page, ct)))
            .WithName("ListOutbox")
            .WithSummary("List outgoing mail")
            .WithDescription("Newest first, a page at a time; `status` is Pending, Sent, Failed or Cancelled. A failed message was refused by " +
                "the SMTP server too often (or for good, 5xx): `lastError` says how; send it again with `POST /api/mail/outbox/{id}/retry`.");
        outbox.MapGet("/summary", async (OutboxAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.SummarizeAsync(ct)))
            .WithName("SummarizeOutbox")
            .WithSummary("Count outgoing mail by status")
            .WithDescription("Pending, sent, failed and cancelled messages, and since when the oldest pending one has been due.");
        outbox.MapPost("/{id:guid}/retry", (Guid id, OutboxAdministration admin, CancellationToken ct) =>
                admin.RetryAsync(id, ct).ToResult(TypedResults.Ok))
            .WithName("RetryOutboxMessage")
            .WithSummary("Send a failed message again")
            .WithDescription("The message is due again at once, with its attempts counted afresh and the same Message-Id. 409 unless it failed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
