using System.Data.Common;
using MailKit.Security;

namespace CertVerify.Web.Mail;

/// <summary>
/// Where and how mail is sent, read from the connection string <c>ConnectionStrings:mail</c>:
/// <c>Endpoint=smtp://host:587;Username=user;Password=secret</c>. <c>smtp://</c> requires STARTTLS and <c>smtps://</c>
/// TLS from the first byte, unless <c>Security</c> says otherwise (MailKit's <see cref="SecureSocketOptions"/>: None,
/// StartTls, StartTlsWhenAvailable, SslOnConnect, Auto). No credentials: no authentication.
/// </summary>
public sealed record SmtpSettings(string Host, int Port, SecureSocketOptions Security, string? Username, string? Password)
{
    public const string ConnectionName = "mail";

    /// <summary>The settings, or why the connection string cannot be used.</summary>
    public static (SmtpSettings? Settings, string? Error) Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return (null, $"ConnectionStrings:{ConnectionName} is not set.");
        }

        var parts = new DbConnectionStringBuilder();
        try
        {
            parts.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return (null, $"ConnectionStrings:{ConnectionName} is not a list of key=value pairs.");
        }

        if (!Uri.TryCreate(Value(parts, "Endpoint"), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("smtp" or "smtps")
            || endpoint.Host.Length == 0)
        {
            return (null, $"ConnectionStrings:{ConnectionName} needs Endpoint=smtp://host:port or smtps://host:port.");
        }

        var implicitTls = endpoint.Scheme == "smtps";
        var security = implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        if (Value(parts, "Security") is { } named && !Enum.TryParse(named, ignoreCase: true, out security))
        {
            return (null, $"ConnectionStrings:{ConnectionName} has Security={named}; use None, StartTls, StartTlsWhenAvailable, SslOnConnect or Auto.");
        }

        var port = endpoint.IsDefaultPort ? (implicitTls ? 465 : 587) : endpoint.Port;
        return (new SmtpSettings(endpoint.Host, port, security, Value(parts, "Username"), Value(parts, "Password")), null);
    }

    private static string? Value(DbConnectionStringBuilder parts, string key) =>
        parts.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;
}
