using CertVerify.Web.Mail;
using MailKit.Security;

namespace CertVerify.Tests.Mail;

/// <summary>ConnectionStrings:mail: what is read from it, TLS required unless it says otherwise, and why a bad one is refused.</summary>
[Trait("Tier", "Unit")]
public sealed class SmtpSettingsTests
{
    [Theory]
    [InlineData("Endpoint=smtp://mail.example.org", "mail.example.org", 587, SecureSocketOptions.StartTls)]
    [InlineData("Endpoint=smtps://mail.example.org", "mail.example.org", 465, SecureSocketOptions.SslOnConnect)]
    [InlineData("Endpoint=smtp://127.0.0.1:2525;Security=None", "127.0.0.1", 2525, SecureSocketOptions.None)]
    [InlineData("endpoint=smtp://mail.example.org:25;security=starttlswhenavailable", "mail.example.org", 25, SecureSocketOptions.StartTlsWhenAvailable)]
    public void Reads_host_port_and_security(string connectionString, string host, int port, SecureSocketOptions security)
    {
        var (settings, error) = SmtpSettings.Parse(connectionString);
        Assert.Null(error);
        Assert.Equal(new SmtpSettings(host, port, security, null, null), settings);
    }

    [Fact]
    public void Reads_credentials()
    {
        var (settings, _) = SmtpSettings.Parse("Endpoint=smtp://mail.example.org;Username=certverify;Password='p;a=ss'");
        Assert.Equal(("certverify", "p;a=ss"), (settings!.Username, settings.Password));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("smtp://mail.example.org")]
    [InlineData("Endpoint=http://mail.example.org")]
    [InlineData("Endpoint=mail.example.org")]
    [InlineData("Endpoint=smtp://mail.example.org;Security=Always")]
    [InlineData("Endpoint='smtp://mail.example.org")]
    public void Refuses_what_it_cannot_use_saying_why(string? connectionString)
    {
        var (settings, error) = SmtpSettings.Parse(connectionString);
        Assert.Null(settings);
        Assert.Contains("ConnectionStrings:mail", error);
    }

    [Fact]
    public void Retries_double_up_to_the_ceiling_with_jitter()
    {
        var options = new MailOptions { RetryDelaySeconds = 30, MaxRetryDelaySeconds = 3600 };
        Assert.Equal(TimeSpan.FromSeconds(30), RetrySchedule.Delay(1, options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(120), RetrySchedule.Delay(3, options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(3600), RetrySchedule.Delay(20, options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(24), RetrySchedule.Delay(1, options, 0));
        Assert.Equal(TimeSpan.FromSeconds(36), RetrySchedule.Delay(1, options, 1));
    }
}
