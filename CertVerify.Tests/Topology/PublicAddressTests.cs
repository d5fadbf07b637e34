using System.Net;
using System.Text;
using CertVerify.Tests.Credentials;
using CertVerify.Tests.Documents;
using QRCoder;

namespace CertVerify.Tests.Topology;

/// <summary>
/// Whatever Host a client sends through Nginx, everything public names the configured address (the AppHost gives the
/// replicas Nginx's own): signed credentials and status lists, the PDF's printed link and attached credential, QR codes.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class PublicAddressTests(TopologyFixture topology) : IDisposable
{
    private const string Hostile = "evil.example";
    private readonly PdfTools _pdf = new();

    [Fact]
    public async Task A_hostile_Host_never_reaches_a_signed_identifier_a_document_or_a_QR_code()
    {
        using var staff = await topology.SignInNewUserAsync("Staff");
        var code = (await staff.IssueCertificateAsync(new { recipientName = "Mallory", title = "Host header" })).GetProperty("code").GetString()!;
        var configured = topology.NginxUri.GetLeftPart(UriPartial.Authority);

        var credential = Jws.Parse(Encoding.ASCII.GetString(await GetHostileAsync($"/api/certificates/{code}/credential")));
        Assert.Equal($"{configured}/verify/{code}", credential.Payload.GetProperty("id").GetString());
        Assert.Equal(Jws.DidWeb(topology.NginxUri), credential.Payload.GetProperty("iss").GetString());
        AssertNoHostile(credential.Header.GetRawText(), credential.Payload.GetRawText());

        // The Data Integrity form, signed by a replica with the canonicalizer it finds through service discovery.
        var secured = Encoding.UTF8.GetString(await GetHostileAsync($"/api/certificates/{code}/credential.jsonld"));
        AssertNoHostile(secured);
        Assert.Contains($"\"verificationMethod\":\"{Jws.DidWeb(topology.NginxUri)}#z6Mk", secured);

        var listPath = new Uri(credential.Payload.GetProperty("credentialStatus").GetProperty("statusListCredential").GetString()!).AbsolutePath;
        var statusList = Jws.Parse(Encoding.ASCII.GetString(await GetHostileAsync(listPath)));
        Assert.StartsWith(configured + "/api/status/", statusList.Payload.GetProperty("id").GetString());
        AssertNoHostile(statusList.Header.GetRawText(), statusList.Payload.GetRawText());

        var didDocument = Encoding.UTF8.GetString(await GetHostileAsync("/.well-known/did.json"));
        AssertNoHostile(didDocument);
        Assert.Contains($"\"id\":\"{Jws.DidWeb(topology.NginxUri)}\"", didDocument);

        var pdf = _pdf.Save(await GetHostileAsync($"/api/certificates/{code}/pdf"));
        var printed = await _pdf.TextAsync(pdf);
        Assert.Contains($"{configured}/verify/{code}", printed.Replace("\n", ""));
        var attached = Jws.Parse(Encoding.ASCII.GetString(await _pdf.AttachmentAsync(pdf, 1)).Trim());
        Assert.Equal(credential.Payload.GetProperty("id").GetString(), attached.Payload.GetProperty("id").GetString());
        AssertNoHostile(printed, attached.Payload.GetRawText());

        // The QR code is exactly the one of the configured verification link.
        using var expected = QRCodeGenerator.GenerateQrCode($"{configured}/verify/{code}", QRCodeGenerator.ECCLevel.M);
        Assert.Equal(new SvgQRCode(expected).GetGraphic(10), Encoding.UTF8.GetString(await GetHostileAsync($"/api/certificates/{code}/qr?format=svg")));
    }

    /// <summary>
    /// A replica reached directly answers the names it is known by (localhost, which is also what Nginx sends locally,
    /// an address, the public host) and refuses anyone else's with a problem, as a page rebinding its own name to it would send.
    /// </summary>
    [Fact]
    public async Task A_replica_refuses_a_host_name_that_is_not_its_own()
    {
        using var replica = topology.Replica(TopologyFixture.ReplicaNames.First());
        foreach (var host in new[] { "localhost", "127.0.0.1", topology.NginxUri.Host })
        {
            using var allowed = await GetAliveAsync(replica, host);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{host}: {(int)allowed.StatusCode}");
        }

        using var refused = await GetAliveAsync(replica, Hostile);
        await Problems.AssertAsync(refused, HttpStatusCode.BadRequest);
    }

    private static Task<HttpResponseMessage> GetAliveAsync(HttpClient client, string host) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/alive") { Headers = { Host = host } });

    /// <summary>Through Nginx, with the hostile name as the Host and as X-Forwarded-Host.</summary>
    private async Task<byte[]> GetHostileAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = Hostile;
        request.Headers.Add("X-Forwarded-Host", Hostile);
        using var response = await topology.Nginx.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static void AssertNoHostile(params string[] texts)
    {
        foreach (var text in texts)
        {
            Assert.DoesNotContain(Hostile, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    public void Dispose() => _pdf.Dispose();
}
