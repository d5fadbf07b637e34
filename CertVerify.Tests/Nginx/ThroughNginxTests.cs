using System.Net;
using System.Net.Http.Json;
using CertVerify.Tests.Topology;
using CertVerify.Web.Accounts;

namespace CertVerify.Tests.Nginx;

/// <summary>What Nginx changes about a request on its way to a replica, alone and behind a trusted ingress (<see cref="FrontProxy"/>).</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class ThroughNginxTests(TopologyFixture topology)
{
    private const string Spoofed = "203.0.113.8";

    [Fact]
    public async Task A_clients_own_forwarded_address_is_not_believed_through_nginx()
    {
        var (email, password, id) = await topology.CreateUserAsync("Recipient");
        using (var viaNginx = topology.NewSession())
        {
            using var response = await SignInAsync(viaNginx, email, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("127.0.0.1", await ClientIpOfAsync($"actor={id}", "auth.login"));
    }

    /// <summary>
    /// Through a second proxy that Nginx trusts, as behind a platform's ingress: each client is locked out and audited
    /// under its own address, whatever X-Forwarded-For it sends itself, and another client is not held back.
    /// </summary>
    [Fact]
    public async Task Behind_a_trusted_ingress_each_client_is_locked_out_and_audited_under_its_own_address()
    {
        await using var front = await FrontProxy.StartAsync(topology.NginxUri);
        var (targetEmail, _, _) = await topology.CreateUserAsync("Recipient");
        var (email, password, id) = await topology.CreateUserAsync("Recipient");
        var attacker = IPAddress.Parse("127.0.0.11");
        var other = IPAddress.Parse("127.0.0.12");

        using (var guessing = new ApiSession(front.Uri, () => LoopbackSource.Transport(attacker)))
        {
            var statuses = new List<HttpStatusCode>();
            for (var attempt = 0; attempt < 11; attempt++)
            {
                using var response = await SignInAsync(guessing, targetEmail, "a-wrong-password");
                statuses.Add(response.StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        }

        using (var signingIn = new ApiSession(front.Uri, () => LoopbackSource.Transport(other)))
        {
            using var response = await SignInAsync(signingIn, email, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Failed and refused sign-ins name the account they tried as their target.
        var target = $"target={Uri.EscapeDataString(User.Normalize(targetEmail))}";
        Assert.Equal(attacker.ToString(), await ClientIpOfAsync(target, "auth.login_failed"));
        Assert.Equal(attacker.ToString(), await ClientIpOfAsync(target, "auth.login_locked"));
        Assert.Equal(other.ToString(), await ClientIpOfAsync($"actor={id}", "auth.login"));
    }

    /// <summary>
    /// The topology runs in Development, where cookies are Secure when the client used https: as the trusted ingress
    /// reports it, not as a client claims it directly. (Outside Development they are Secure always.)
    /// </summary>
    [Fact]
    public async Task Cookies_are_secure_when_the_trusted_ingress_reports_https_not_when_a_client_claims_it()
    {
        await using var front = await FrontProxy.StartAsync(topology.NginxUri);
        var (email, password, _) = await topology.CreateUserAsync("Recipient");

        using var viaIngress = new ApiSession(front.Uri, () => LoopbackSource.Transport(IPAddress.Parse("127.0.0.13")));
        var secured = await SetCookiesAsync(viaIngress, email, password);
        Assert.All(secured, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));

        using var direct = topology.NewSession();
        direct.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var claimed = await SetCookiesAsync(direct, email, password);
        Assert.All(claimed, cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The session and CSRF cookies a successful sign-in sets.</summary>
    private static async Task<List<string>> SetCookiesAsync(ApiSession session, string email, string password)
    {
        using var response = await SignInAsync(session, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, cookie => cookie.StartsWith("certverify_session=", StringComparison.Ordinal));
        return cookies;
    }

    /// <summary>A sign-in that also claims, in X-Forwarded-For, to come from somewhere else.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(ApiSession session, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", Spoofed);
        return await session.Client.SendAsync(request);
    }

    /// <summary>The one client address of the audit entries with this action that match <paramref name="filter"/> (asserting there are some).</summary>
    private async Task<string?> ClientIpOfAsync(string filter, string action)
    {
        using var admin = await topology.SignInAsAdminAsync();
        var entries = (await admin.GetJsonAsync($"/api/audit?{filter}&action={action}")).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, entry => Assert.Contains(entry.GetProperty("instanceId").GetString(), TopologyFixture.ReplicaNames));
        return Assert.Single(entries.Select(entry => entry.GetProperty("clientIp").GetString()).Distinct());
    }
}
