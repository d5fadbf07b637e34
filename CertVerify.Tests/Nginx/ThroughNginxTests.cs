using System.Net;
using System.Net.Http.Json;
using CertVerify.Tests.Topology;

namespace CertVerify.Tests.Nginx;

/// <summary>What Nginx changes about a request on its way to a replica.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class ThroughNginxTests(TopologyFixture topology)
{
    [Fact]
    public async Task A_clients_own_forwarded_address_is_not_believed_through_nginx()
    {
        var (email, password, id) = await topology.CreateUserAsync("Recipient");
        using (var viaNginx = topology.NewSession())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
            request.Headers.Add("X-Forwarded-For", "203.0.113.8");
            using var response = await viaNginx.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var admin = await topology.SignInAsAdminAsync();
        var login = Assert.Single((await admin.GetJsonAsync($"/api/audit?actor={id}&action=auth.login")).GetProperty("items").EnumerateArray());
        Assert.Equal("127.0.0.1", login.GetProperty("clientIp").GetString());
        Assert.Contains(login.GetProperty("instanceId").GetString(), TopologyFixture.ReplicaNames);
    }
}
