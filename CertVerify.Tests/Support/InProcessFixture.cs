using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertVerify.Tests.Support;

/// <summary>
/// One instance of CertVerify.Web in this process (<see cref="WebApplicationFactory{TEntryPoint}"/>), configured like a
/// replica of the topology (instance id, bootstrap Admin, raised rate limits), over a real PostgreSQL, Redis and
/// canonicalizer that the AppHost starts alone (<c>Web:Replicas=0</c>). It listens with Kestrel on a loopback port rather than the in-memory
/// TestServer, which applies no request body limits (the 413s are part of the API). Starting it runs what a replica runs
/// before it listens: migrations, the bootstrap Admin, the signing key, the warm-up. Its own log is watched for errors.
/// </summary>
public sealed class InProcessFixture() : TestApplication(category => true)
{
    public const string InstanceId = "in-process";

    private TestAppHost? _dependencies;
    private WebApplicationFactory<Program>? _factory;

    public WebApplicationFactory<Program> Factory => _factory!;

    public override Uri BaseAddress => _baseAddress!;

    private Uri? _baseAddress;

    protected override async Task<string> DatabaseConnectionStringAsync() =>
        (await _dependencies!.App.GetConnectionStringAsync("certverify"))!;

    protected override async Task StartAsync()
    {
        // The AppHost's own resource logs (PostgreSQL, Redis, the canonicalizer, smtp4dev) are not the application's: only the instance's are judged.
        _dependencies = await TestAppHost.StartAsync(["--Web:Replicas=0"], ["certverify", "redis", "canonicalizer", "mail"], new ErrorLog(_ => false));
        var settings = InstanceConfiguration();
        settings["ConnectionStrings:certverify"] = await DatabaseConnectionStringAsync();
        settings["ConnectionStrings:redis"] = (await _dependencies.App.GetConnectionStringAsync("redis"))!;
        settings["ConnectionStrings:mail"] = (await _dependencies.App.GetConnectionStringAsync("mail"))!;
        // Where service discovery finds http://canonicalizer, as the AppHost tells a replica.
        settings["services:canonicalizer:http:0"] = _dependencies.App.GetEndpoint("canonicalizer", "http").ToString();
        settings["INSTANCE_ID"] = InstanceId;
        settings["Bootstrap:AdminEmail"] = AdminEmail;
        settings["Bootstrap:AdminPassword"] = AdminPassword;
        // The public address is configuration, never a request's Host: the port is chosen first, so that the instance
        // listens where its links (and its did:web) say it is.
        var port = LocalPorts.Free(IPAddress.Loopback);
        settings["Certificates:PublicBaseUrl"] = $"http://127.0.0.1:{port}";

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging => logging.AddProvider(Errors));
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        _baseAddress = new Uri(addresses.Addresses.Single());
    }

    /// <summary>The development mail server's inbox, where the instance's mail arrives.</summary>
    public MailInbox Inbox() => new(_dependencies!.App.CreateHttpClient("mail", "http"));

    protected override async Task StopAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_dependencies is not null)
        {
            await _dependencies.DisposeAsync();
        }
    }
}
