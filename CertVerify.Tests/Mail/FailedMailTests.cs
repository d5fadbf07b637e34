using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertVerify.Web.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace CertVerify.Tests.Mail;

/// <summary>
/// A message that fails for good, end to end: a real mail server refuses it (5xx), the outbox marks it failed with the
/// server's answer, Admins see it in the list, the summary and /admin/mail, and a retry makes it pending again, after
/// which a working server receives it once.
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class FailedMailTests(InProcessFixture app, ITestOutputHelper output)
{
    private const string Refusal = "550 Recipient rejected";

    [Fact(Timeout = 120_000)]
    public async Task A_message_refused_for_good_is_failed_with_why_shown_to_admins_and_delivered_once_when_retried()
    {
        app.Errors.Allow($"failed for good: {Refusal}"); // the sender logs each message it gives up on, as it should
        var email = $"refused-{Guid.NewGuid():N}@example.test";
        using var admin = await app.SignInAsAdminAsync();
        var started = Stopwatch.StartNew();
        var certificate = Guid.Empty;
        await using (var refusing = await RefusingMailServer.StartAsync())
        {
            output.WriteLine($"The refusing smtp4dev listened {started.Elapsed.TotalSeconds:F1} s after it was started.");
            await WhileSendingToAsync(refusing.ConnectionString, async () =>
            {
                certificate = (await admin.IssueCertificateAsync(new { recipientName = "Refused", recipientEmail = email, title = "Refused mail" }))
                    .GetProperty("id").GetGuid();
                var failed = await Eventually.UntilAsync(() => MessageToAsync(admin, email), m => m?.GetProperty("status").GetString() == "Failed",
                    TimeSpan.FromSeconds(30));
                Assert.Equal("Failed", failed?.GetProperty("status").GetString());
            });
        }

        var message = (await MessageToAsync(admin, email))!.Value;
        var id = message.GetProperty("id").GetGuid();
        Assert.Equal(Refusal, message.GetProperty("lastError").GetString()); // a 5xx is final: failed at the first attempt
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.True((await admin.GetJsonAsync("/api/mail/outbox/summary")).GetProperty("failed").GetInt32() >= 1);
        var failedList = await admin.GetJsonAsync("/api/mail/outbox?status=Failed&pageSize=100");
        Assert.Contains(failedList.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == id);
        var page = await admin.Client.GetStringAsync("/admin/mail?status=failed");
        Assert.Contains(email, page);
        Assert.Contains(Refusal, page);
        Assert.Contains($"data-api=\"/api/mail/outbox/{id}/retry\"", page);
        var issuerPage = await admin.Client.GetStringAsync($"/console/certificates/{certificate}");
        Assert.Contains("<strong data-notification>Failed</strong>", issuerPage);
        Assert.Contains($"<q data-notification-error>{Refusal}</q>", issuerPage);

        // The instance's own sender, pointed at the working server, sends it once it is made pending again.
        using var inbox = app.Inbox();
        Assert.Empty(await inbox.ToAsync(email));
        using (var retried = await admin.SendAsync(HttpMethod.Post, $"/api/mail/outbox/{id}/retry"))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            var pending = await retried.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Pending", pending.GetProperty("status").GetString());
            Assert.Equal(0, pending.GetProperty("attempts").GetInt32());
        }

        Assert.Single(await inbox.WaitForAsync(email));
        var sent = await Eventually.UntilAsync(() => MessageToAsync(admin, email), m => m?.GetProperty("status").GetString() == "Sent",
            TimeSpan.FromSeconds(10));
        Assert.Equal("Sent", sent?.GetProperty("status").GetString());
        Assert.Single(await inbox.ToAsync(email));
        Assert.Contains("<strong data-notification>Sent</strong>", await admin.Client.GetStringAsync($"/console/certificates/{certificate}"));
        using var again = await admin.SendAsync(HttpMethod.Post, $"/api/mail/outbox/{id}/retry");
        await Problems.AssertAsync(again, HttpStatusCode.Conflict);
    }

    /// <summary>
    /// Runs <paramref name="action"/> while the instance's mail goes to <paramref name="connectionString"/>: its own
    /// sender is paused (one sender at a time, so the refusing server is the one asked) and a sender built the same
    /// way, over the same outbox, sends instead; the instance's sender resumes afterwards.
    /// </summary>
    private async Task WhileSendingToAsync(string connectionString, Func<Task> action)
    {
        var own = app.Factory.Services.GetServices<IHostedService>().OfType<OutboxSender>().Single();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:mail"] = connectionString }).Build();
        using var other = ActivatorUtilities.CreateInstance<OutboxSender>(app.Factory.Services, (IConfiguration)configuration);
        await own.StopAsync(CancellationToken.None);
        try
        {
            await other.StartAsync(CancellationToken.None);
            await action();
        }
        finally
        {
            await other.StopAsync(CancellationToken.None);
            await own.StartAsync(CancellationToken.None);
        }
    }

    private static async Task<JsonElement?> MessageToAsync(ApiSession admin, string email) =>
        (await admin.GetJsonAsync("/api/mail/outbox?pageSize=100")).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("recipient").GetString() == email).Select(m => (JsonElement?)m).FirstOrDefault();
}
