using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using CertVerify.Web.RecipientMail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CertVerify.Tests.RecipientMail;

/// <summary>
/// Expiry reminders and notices: passes of the scheduler run at the same time against the real PostgreSQL write one
/// message per certificate and kind, none for certificates that are revoked, not to be notified, without a reminder on
/// their template or long expired; the writer's own check (C#) agrees with the passes' (SQL); and the reminder really arrives.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class ExpiryMailTests(InProcessFixture app)
{
    [Fact(Timeout = 60_000)]
    public async Task Concurrent_passes_write_each_reminder_and_notice_once_and_only_where_due()
    {
        using var admin = await app.SignInAsAdminAsync();
        var reminding = await admin.CreateTemplateAsync(new { name = $"Reminding {Guid.NewGuid():N}", reminderDaysBeforeExpiry = 30 });
        var silent = await admin.CreateTemplateAsync(new { name = $"Silent {Guid.NewGuid():N}" });
        var now = DateTimeOffset.UtcNow;
        async Task<(Guid Id, string Email)> IssueAsync(string name, Guid? templateId, double expiresInDays, bool notify = true)
        {
            var email = $"expiry-{name}-{Guid.NewGuid():N}@example.test";
            var certificate = await admin.IssueCertificateAsync(new
            {
                recipientName = name, recipientEmail = email, title = $"Expiry {name}", templateId, notify,
                issuedAt = now.AddDays(-400), expiresAt = now.AddDays(expiresInDays),
            });
            return (certificate.GetProperty("id").GetGuid(), email);
        }

        var due = await IssueAsync("due", reminding, 5);
        var revoked = await IssueAsync("revoked", reminding, 5);
        await admin.ChangeCertificateAsync(revoked.Id, "revoke", new { reason = "test" });
        var unnotified = await IssueAsync("unnotified", reminding, 5, notify: false);
        var noReminder = await IssueAsync("no-reminder", silent, 5);
        var later = await IssueAsync("later", reminding, 60);
        var expired = await IssueAsync("expired", null, 365);
        var suspendedExpired = await IssueAsync("suspended", null, 365);
        await admin.ChangeCertificateAsync(suspendedExpired.Id, "suspend", new { reason = "test" });
        var longExpired = await IssueAsync("long-expired", reminding, -30);
        await using (var db = await app.OpenDatabaseAsync())
        {
            // Expired an hour ago: the API would not issue a certificate whose expiry passes while the test runs.
            await using var expire = new NpgsqlCommand("""UPDATE certificates SET "ExpiresAt" = now() - interval '1 hour' WHERE "Id" = ANY(@ids)""", db);
            expire.Parameters.AddWithValue("ids", new[] { expired.Id, suspendedExpired.Id });
            await expire.ExecuteNonQueryAsync();
        }

        // Four passes at once, as four replicas' schedulers would run them (the instance's own may run too), then two more.
        await PassesAsync(4);
        await PassesAsync(2);

        var written = await ExpiryMessagesAsync([due.Id, revoked.Id, unnotified.Id, noReminder.Id, later.Id, expired.Id, suspendedExpired.Id, longExpired.Id]);
        Assert.Equal([(due.Id, "CertificateExpiring", 1L), (expired.Id, "CertificateExpired", 1L)],
            written.OrderBy(w => w.Kind == "CertificateExpired").ToList());

        // The writer checks again before sending (Notifiable in C#, the twin of the passes' SQL): both agree.
        var notifiable = await NotifiableAsync([due.Id, revoked.Id, unnotified.Id, noReminder.Id, later.Id, expired.Id, suspendedExpired.Id]);
        Assert.Equal([true, false, false, true, true, true, false], notifiable);

        using var inbox = app.Inbox();
        // The certificate's issue was mailed too.
        var reminder = Assert.Single(await inbox.WaitForAsync(due.Email, count: 2), m => m.Subject.Contains("expires on"));
        Assert.EndsWith($": your certificate \"Expiry due\" expires on {now.AddDays(5).UtcDateTime:yyyy-MM-dd}", reminder.Subject);
    }

    private Task PassesAsync(int count) => Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ExpiryMailQueue>().QueueDueAsync(CancellationToken.None);
    }));

    private async Task<bool[]> NotifiableAsync(Guid[] certificates)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
        var loaded = await db.Certificates.AsNoTracking().Where(c => certificates.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        return [.. certificates.Select(id => ExpiryMailQueue.Notifiable(loaded[id]))];
    }

    private async Task<List<(Guid Id, string Kind, long Count)>> ExpiryMessagesAsync(Guid[] certificates)
    {
        await using var db = await app.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("""
            SELECT "CertificateId", "Kind", count(*) FROM mail_outbox
            WHERE "CertificateId" = ANY(@ids) AND "Kind" IN ('CertificateExpiring', 'CertificateExpired')
            GROUP BY 1, 2
            """, db);
        command.Parameters.AddWithValue("ids", certificates);
        var rows = new List<(Guid, string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }
}
