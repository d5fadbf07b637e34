using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CertVerify.Web.Mail;

/// <summary>
/// Runs on every replica and sends what is due in the outbox, one message per transaction: the row is locked with
/// <c>FOR UPDATE SKIP LOCKED</c> (so each message has one sender, and the others take the next one), sent, marked sent,
/// committed. A replica that dies mid-send leaves the row locked by nobody, still pending: another replica sends it, with
/// the same Message-Id. A message the server refuses is retried later (<see cref="RetrySchedule"/>), and marked failed
/// after <see cref="MailOptions.MaxAttempts"/> or at once when refused for good (5xx). A server that cannot be reached
/// costs the messages nothing: the sender waits, longer each time, and tries again.
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes, IConfiguration configuration, IOptions<MailOptions> options, PublicUrls urls, TimeProvider clock,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private MailOptions Options => options.Value;

    private TimeSpan PollInterval => TimeSpan.FromSeconds(Options.PollIntervalSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (settings, _) = SmtpSettings.Parse(configuration.GetConnectionString(SmtpSettings.ConnectionName));
        if (settings is null)
        {
            logger.LogWarning("ConnectionStrings:{Name} is not set: no mail is sent; messages wait in the outbox", SmtpSettings.ConnectionName);
            return;
        }

        var reconnectDelay = PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = PollInterval;
            try
            {
                await SendDueAsync(settings, stoppingToken);
                reconnectDelay = PollInterval;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The SMTP server or PostgreSQL is away: nothing was marked, everything stays pending.
                logger.LogWarning("Sending mail paused for {Delay}: {Error}", reconnectDelay, ex.GetBaseException().Message);
                wait = reconnectDelay;
                reconnectDelay = TimeSpan.FromSeconds(Math.Min(reconnectDelay.TotalSeconds * 2, Options.MaxReconnectDelaySeconds));
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends due messages over one SMTP connection until none is left.</summary>
    private async Task SendDueAsync(SmtpSettings smtp, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
        var writers = scope.ServiceProvider.GetServices<IMailWriter>().ToDictionary(w => w.Kind);
        await using var mailer = new SmtpMailer(smtp, TimeSpan.FromSeconds(Options.SmtpTimeoutSeconds));
        var strategy = db.Database.CreateExecutionStrategy();
        while (await strategy.ExecuteAsync(() => SendNextAsync(db, writers, mailer, ct)))
        {
        }
    }

    /// <summary>Locks, sends and marks the oldest due message; false when none is due.</summary>
    private async Task<bool> SendNextAsync(CertVerifyDbContext db, Dictionary<MailKind, IMailWriter> writers, SmtpMailer mailer, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Outbox.FromSql($"""
            SELECT * FROM mail_outbox WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now}
            ORDER BY "NextAttemptAt" LIMIT 1 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (due is not [var message])
        {
            return false;
        }

        var content = writers.TryGetValue(message.Kind, out var writer) ? await writer.WriteAsync(message, ct) : null;
        if (content is null)
        {
            (message.Status, message.LastError) = (OutboxStatus.Cancelled, "Not sent: what it was about is gone or needs it no more.");
        }
        else if (!MailboxAddress.TryParse(message.Recipient, out var recipient))
        {
            Fail(message, "The recipient's address cannot be written in a message.");
        }
        else
        {
            try
            {
                await mailer.SendAsync(Compose(message, recipient, content), ct);
                message.Status = OutboxStatus.Sent;
                message.SentAt = clock.GetUtcNow();
                message.LastError = null;
            }
            catch (SmtpCommandException refused)
            {
                Refused(message, refused);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private MimeMessage Compose(OutboxMessage message, MailboxAddress recipient, MailContent content)
    {
        var mime = new MimeMessage { Subject = content.Subject, Date = message.CreatedAt };
        mime.From.Add(new MailboxAddress(Options.FromName, Options.FromAddress));
        mime.To.Add(recipient);
        mime.MessageId = MessageId(message.Id, urls);
        mime.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        return mime;
    }

    /// <summary>The same on every attempt at a message: the outbox id at the public address's host.</summary>
    public static string MessageId(Guid id, PublicUrls urls) => $"{id:N}@{new Uri(urls.BaseUrl).Host}";

    private void Refused(OutboxMessage message, SmtpCommandException refused)
    {
        message.Attempts++;
        var error = $"{(int)refused.StatusCode} {refused.Message}";
        if ((int)refused.StatusCode >= 500 || message.Attempts >= Options.MaxAttempts)
        {
            Fail(message, error);
            return;
        }

        message.LastError = Truncate(error);
        message.NextAttemptAt = clock.GetUtcNow() + RetrySchedule.Delay(message.Attempts, Options, Random.Shared.NextDouble());
        logger.LogWarning("The SMTP server refused message {Id} (attempt {Attempts}): {Error}", message.Id, message.Attempts, error);
    }

    private void Fail(OutboxMessage message, string error)
    {
        message.Status = OutboxStatus.Failed;
        message.LastError = Truncate(error);
        logger.LogError("Message {Id} ({Kind}) failed for good: {Error}", message.Id, message.Kind, error);
    }

    private static string Truncate(string error) => error.Length <= MailLimits.ErrorLength ? error : error[..MailLimits.ErrorLength];
}
