using System.Diagnostics;
using System.Net;

namespace CertVerify.Tests.Mail;

/// <summary>
/// A real mail server that refuses every message for good, as a server does for a mailbox that does not exist: smtp4dev
/// whose recipient rule (<c>ServerOptions:RecipientValidationExpression</c>) accepts nobody, so each <c>RCPT TO</c> is
/// answered <c>550 Recipient rejected</c>. (A server that wants authentication we do not offer answers 530 to every
/// message alike; MailKit reports that as the connection's failure, not the message's, so the sender waits with the
/// message pending, as for an unreachable server.) The repository's local dotnet tool, as the AppHost starts it, in
/// memory, on loopback ports of its own.
/// </summary>
public sealed class RefusingMailServer : IAsyncDisposable
{
    private readonly OwnProcess _process;

    private RefusingMailServer(OwnProcess process, int smtpPort) =>
        (_process, ConnectionString) = (process, $"Endpoint=smtp://127.0.0.1:{smtpPort};Security=None");

    public string ConnectionString { get; }

    public static async Task<RefusingMailServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("certverify-refusing-smtp");
        var smtp = LocalPorts.Free(IPAddress.Loopback);
        string[] arguments =
        [
            "tool", "run", "smtp4dev", "--", $"--smtpport={smtp}",
            $"--urls=http://127.0.0.1:{LocalPorts.Free(IPAddress.Loopback)}", $"--imapport={LocalPorts.Free(IPAddress.Loopback)}",
            $"--pop3port={LocalPorts.Free(IPAddress.Loopback)}", "--bindaddress=127.0.0.1", "--hostname=localhost", "--db=",
            "--nousersettings", $"--baseappdatapath={directory.FullName}",
        ];
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = RepositoryRoot.Path, // where dotnet tool run finds the tool manifest
            Environment = { ["ServerOptions__RecipientValidationExpression"] = "false" },
        };
        return new RefusingMailServer(await OwnProcess.StartAsync(start, directory, IPAddress.Loopback, smtp), smtp);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
