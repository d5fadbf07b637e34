using System.Net;
using System.Net.Http.Json;
using CertVerify.Tests.Topology;
using Microsoft.AspNetCore.WebUtilities;

namespace CertVerify.Tests.Auth;

/// <summary>
/// Issue 14's first finding, through Nginx: registering the victim's email (or a dotless-ı look-alike of it) no longer
/// shows the victim's certificates, nor lets the attacker make them public on a profile of their own.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class SquatAttackTests(TopologyFixture topology)
{
    [Fact(Timeout = 120_000)]
    public async Task Registering_the_victims_email_or_a_look_alike_shows_none_of_their_certificates()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var victim = $"victim-{unique}@corp.test";
        using var admin = await topology.SignInAsAdminAsync();
        var certificate = (await admin.IssueCertificateAsync(new { recipientName = "Victim", recipientEmail = victim, title = $"Victim cert {unique}" }))
            .GetProperty("id").GetGuid();

        // The victim's own address, unconfirmed: it cannot be proved, so nothing is shown and nothing can be made public.
        using var squatter = await RegisterAsync(victim);
        await AssertSeesNothingAsync(squatter, certificate);

        // A look-alike with dotless ı, which upper-cased to the victim's address: another address, even once proved.
        var lookAlike = $"vıctim-{unique}@corp.test";
        using var impostor = await RegisterAsync(lookAlike);
        using var inbox = topology.Inbox();
        var link = await inbox.LinkAsync(lookAlike, "confirm your email", "/account/confirm");
        using (var confirmed = await impostor.SendAsync(HttpMethod.Post, "/api/auth/confirm", new { token = QueryHelpers.ParseQuery(link.Query)["token"].ToString() }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        }

        await AssertSeesNothingAsync(impostor, certificate);
    }

    private async Task<ApiSession> RegisterAsync(string email)
    {
        var password = $"pw-{Guid.NewGuid():N}";
        using var anonymous = topology.NewSession();
        using var created = await anonymous.Client.PostAsJsonAsync("/api/auth/register", new { email, password, name = "Attacker" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return await topology.SignInAsync(email, password);
    }

    private static async Task AssertSeesNothingAsync(ApiSession attacker, Guid certificate)
    {
        Assert.Equal(0, (await attacker.GetJsonAsync("/api/me/certificates")).GetProperty("total").GetInt32());
        using (var makePublic = await attacker.SendAsync(HttpMethod.Patch, $"/api/me/certificates/{certificate}", new { isPublic = true }))
        {
            await Problems.AssertAsync(makePublic, HttpStatusCode.NotFound);
        }

        using var page = await attacker.SendAsync(HttpMethod.Get, "/me");
        Assert.DoesNotContain("Victim cert", await page.Content.ReadAsStringAsync());
    }
}
