using MailKit.Net.Smtp;
using MimeKit;

namespace CertVerify.Web.Mail;

/// <summary>One SMTP connection, opened (and authenticated) on the first message and kept for the next ones.</summary>
public sealed class SmtpMailer(SmtpSettings settings, TimeSpan timeout) : IAsyncDisposable
{
    private readonly SmtpClient _client = new() { Timeout = (int)timeout.TotalMilliseconds };

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (!_client.IsConnected)
        {
            await _client.ConnectAsync(settings.Host, settings.Port, settings.Security, ct);
            if (settings.Username is not null)
            {
                await _client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            }
        }

        await _client.SendAsync(message, ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: true).WaitAsync(TimeSpan.FromSeconds(2));
            }
        }
        catch (Exception)
        {
            // The connection is being dropped anyway; QUIT is a courtesy.
        }

        _client.Dispose();
    }
}
