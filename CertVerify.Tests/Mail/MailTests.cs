using System.Net;
using System.Text.Json;
using CertVerify.Tests.Support;
using CertVerify.Tests.Topology;

namespace CertVerify.Tests.Mail;

/// <summary>
/// Mail through the whole topology: a certificate issued through Nginx is written to the outbox in its transaction, one
/// replica sends it to the development mail server (smtp4dev), and it arrives with links at the configured public address
/// and the outbox id as its Message-Id. Admins see the outbox; bad queries are 4xx problems.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class MailTests(TopologyFixture topology)
{
    [Fact(Timeout = 120_000)]
    public async Task Issuing_emails_the_recipient_links_at_the_public_address_under_the_outbox_id()
    {
        using var admin = await topology.SignInAsAdminAsync();
        using var inbox = topology.Inbox();
        var email = $"mail-{Guid.NewGuid():N}@example.test";
        var silent = $"silent-{Guid.NewGuid():N}@example.test";
        var certificate = await admin.IssueCertificateAsync(new { recipientName = "Mail Recipient", recipientEmail = email, title = "Mail test" });
        await admin.IssueCertificateAsync(new { recipientName = "Not Told", recipientEmail = silent, title = "Mail test", notify = false });
        var code = certificate.GetProperty("code").GetString()!;

        var message = Assert.Single(await inbox.WaitForAsync(email));
        Assert.Contains("Mail test", message.Subject);
        var text = await inbox.TextAsync(message.Id);
        var publicBase = topology.NginxUri.ToString().TrimEnd('/');
        Assert.Contains($"{publicBase}/verify/{code}", text);
        Assert.Contains($"{publicBase}/api/certificates/{code}/pdf", text);
        Assert.Contains($"href=\"{publicBase}/verify/{code}\"", await inbox.HtmlAsync(message.Id));

        // The sender records the message as sent after the mail server took it: it can be in the inbox a moment before.
        var outbox = await Eventually.UntilAsync(
            async () => (await admin.GetJsonAsync("/api/mail/outbox?pageSize=100")).GetProperty("items").EnumerateArray().ToList(),
            items => items.Any(m => m.GetProperty("recipient").GetString() == email && m.GetProperty("status").GetString() == "Sent"),
            TimeSpan.FromSeconds(10));
        var sent = Assert.Single(outbox, m => m.GetProperty("recipient").GetString() == email);
        Assert.Equal("Sent", sent.GetProperty("status").GetString());
        Assert.Equal(certificate.GetProperty("id").GetGuid(), sent.GetProperty("certificateId").GetGuid());
        Assert.Equal($"<{sent.GetProperty("id").GetGuid():N}@{topology.NginxUri.Host}>", await inbox.HeaderAsync(message.Id, "Message-Id"));
        // notify=false writes no message at all: nothing to wait for.
        Assert.DoesNotContain(outbox, m => m.GetProperty("recipient").GetString() == silent);
        Assert.Empty(await inbox.ToAsync(silent));

        var summary = await admin.GetJsonAsync("/api/mail/outbox/summary");
        Assert.True(summary.GetProperty("sent").GetInt32() >= 1, summary.ToString());

        // Told later after all: the same notification, from the outbox again.
        var quiet = (await admin.GetJsonAsync("/api/certificates?search=" + Uri.EscapeDataString(silent))).GetProperty("items")[0].GetProperty("id").GetGuid();
        using (var notify = await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{quiet}/notify"))
        {
            Assert.Equal(HttpStatusCode.NoContent, notify.StatusCode);
        }

        Assert.Contains("Mail test", Assert.Single(await inbox.WaitForAsync(silent)).Subject);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bad_outbox_and_resend_requests_are_4xx_problems()
    {
        using var admin = await topology.SignInAsAdminAsync();
        using (var badStatus = await admin.SendAsync(HttpMethod.Get, "/api/mail/outbox?status=lost"))
        {
            await Problems.AssertAsync(badStatus, HttpStatusCode.BadRequest);
        }

        using (var badPage = await admin.SendAsync(HttpMethod.Get, "/api/mail/outbox?pageSize=100000"))
        {
            await Problems.AssertAsync(badPage, HttpStatusCode.BadRequest);
        }

        using (var unknown = await admin.SendAsync(HttpMethod.Post, $"/api/mail/outbox/{Guid.NewGuid()}/retry"))
        {
            await Problems.AssertAsync(unknown, HttpStatusCode.NotFound);
        }

        var email = $"retry-{Guid.NewGuid():N}@example.test";
        await admin.IssueCertificateAsync(new { recipientName = "Retry", recipientEmail = email, title = "Retry test" });
        using var inbox = topology.Inbox();
        await inbox.WaitForAsync(email);
        var sent = await Eventually.UntilAsync(
            async () => (await admin.GetJsonAsync("/api/mail/outbox?status=Sent&pageSize=100")).GetProperty("items").EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("recipient").GetString() == email),
            m => m.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(10));
        using (var notFailed = await admin.SendAsync(HttpMethod.Post, $"/api/mail/outbox/{sent.GetProperty("id").GetGuid()}/retry"))
        {
            await Problems.AssertAsync(notFailed, HttpStatusCode.Conflict);
        }

        // Nobody to write to, or a revoked certificate: the resend is refused, saying why.
        var anonymous = (await admin.IssueCertificateAsync(new { recipientName = "No Email", title = "Retry test" })).GetProperty("id").GetGuid();
        using (var noEmail = await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{anonymous}/notify"))
        {
            await Problems.AssertAsync(noEmail, HttpStatusCode.BadRequest);
        }

        var revoked = (await admin.GetJsonAsync("/api/certificates?search=" + Uri.EscapeDataString(email))).GetProperty("items")[0].GetProperty("id").GetGuid();
        await admin.ChangeCertificateAsync(revoked, "revoke", new { reason = "Retry test" });
        using var refused = await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{revoked}/notify");
        var problem = await Problems.AssertAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
    }
}
