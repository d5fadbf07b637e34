using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CertVerify.Tests.Support;

/// <summary>The development mail server's inbox (smtp4dev), read through its API: what really arrived over SMTP.</summary>
public sealed class MailInbox(HttpClient client) : IDisposable
{
    public sealed record Message(Guid Id, string[] To, string Subject);

    /// <summary>
    /// smtp4dev 3.15 answers a listing in time that grows with the messages it holds: 70 ms of its CPU for all of
    /// 2,000, which polling every 100 ms turned into a third of a core during the test run's mail waits. So the inbox
    /// is asked only for one recipient's messages (15 ms), and no more often than this.
    /// </summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The messages smtp4dev finds for <paramref name="text"/> in their addresses, subject or body, newest first.</summary>
    public async Task<IReadOnlyList<Message>> SearchAsync(string text)
    {
        using var page = await client.GetFromJsonAsync<JsonDocument>($"/api/messages?pageSize=100000&searchTerms={Uri.EscapeDataString(text)}");
        return page!.RootElement.GetProperty("results").EnumerateArray()
            .Select(m => new Message(m.GetProperty("id").GetGuid(),
                m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToArray(),
                m.GetProperty("subject").GetString()!))
            .ToList();
    }

    /// <summary>The messages to this address, newest first.</summary>
    public async Task<IReadOnlyList<Message>> ToAsync(string recipient) =>
        (await SearchAsync(recipient)).Where(m => m.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>The messages to this address, once at least <paramref name="count"/> have arrived (or the time is up).</summary>
    public async Task<IReadOnlyList<Message>> WaitForAsync(string recipient, int count = 1, double seconds = 20)
    {
        var to = await Eventually.UntilAsync(() => ToAsync(recipient), found => found.Count >= count, TimeSpan.FromSeconds(seconds), PollInterval);
        Assert.True(to.Count >= count, $"{to.Count} message(s) to {recipient} arrived within {seconds} s, expected {count}");
        return to;
    }

    /// <summary>
    /// The link to <paramref name="path"/> (e.g. <c>/account/confirm</c>) in the newest message to the address whose
    /// subject contains <paramref name="subject"/>, once one has arrived: as written in its plain text, the whole URL.
    /// </summary>
    public async Task<Uri> LinkAsync(string recipient, string subject, string path)
    {
        var message = await Eventually.UntilAsync(async () => (await ToAsync(recipient)).FirstOrDefault(m => m.Subject.Contains(subject)),
            found => found is not null, TimeSpan.FromSeconds(20), PollInterval);
        Assert.True(message is not null, $"no message to {recipient} about \"{subject}\" arrived within 20 s");
        var link = Regex.Match(await TextAsync(message.Id), $@"https?://\S+{Regex.Escape(path)}\S*");
        Assert.True(link.Success, $"the message to {recipient} has no link to {path}");
        return new Uri(link.Value);
    }

    public Task<string> TextAsync(Guid id) => client.GetStringAsync($"/api/messages/{id}/plaintext");

    public async Task<string> HtmlAsync(Guid id) => await client.GetStringAsync($"/api/messages/{id}/html");

    /// <summary>A header of the message as it arrived (e.g. Message-Id), or null.</summary>
    public async Task<string?> HeaderAsync(Guid id, string name)
    {
        using var message = await client.GetFromJsonAsync<JsonDocument>($"/api/messages/{id}");
        return message!.RootElement.GetProperty("headers").EnumerateArray()
            .Where(h => string.Equals(h.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.GetProperty("value").GetString())
            .FirstOrDefault();
    }

    public void Dispose() => client.Dispose();
}
