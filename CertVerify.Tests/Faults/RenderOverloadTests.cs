using System.Net;
using Xunit.Abstractions;

namespace CertVerify.Tests.Faults;

/// <summary>
/// More template previews at once than the replicas' render slots take (this topology: 2 slots per replica, previews
/// at most 1 of them, 0.2 s in the queue): the ones that cannot get a turn in time are refused with a 503 problem that
/// says when to retry, the others are drawn, and a document download made meanwhile still gets a slot of its own.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(FaultsCollection.Name)]
public sealed class RenderOverloadTests(FaultsTopologyFixture topology, ITestOutputHelper output)
{
    private const int Previews = 30;

    [Fact(Timeout = 2 * 60_000)]
    public async Task Previews_beyond_the_render_slots_are_refused_with_503_and_downloads_keep_a_slot()
    {
        using var staff = await topology.SignInNewUserAsync("Staff");
        using var admin = await topology.SignInAsAdminAsync();
        var code = (await admin.IssueCertificateAsync(new { recipientName = "Render Overload", title = $"Overload {Guid.NewGuid():N}" }))
            .GetProperty("code").GetString()!;

        var previews = Enumerable.Range(0, Previews)
            .Select(i => staff.SendAsync(HttpMethod.Post, "/api/templates/preview", new { design = new { }, sample = new { title = $"Preview {i}" } }))
            .ToList();
        using var download = await admin.SendAsync(HttpMethod.Get, $"/api/certificates/{code}/pdf");
        var answers = await Task.WhenAll(previews);

        var drawn = answers.Count(a => a.StatusCode == HttpStatusCode.OK && a.Content.Headers.ContentType?.MediaType == "image/png");
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        output.WriteLine($"{Previews} previews at once: {drawn} drawn, {refused.Count} refused 503; the PDF download meanwhile: {(int)download.StatusCode}");

        Assert.Equal(Previews, drawn + refused.Count);
        Assert.True(drawn > 0, "some previews are drawn");
        Assert.True(refused.Count > 0, "previews beyond the slots are refused rather than queued without bound");
        foreach (var answer in refused)
        {
            var problem = await Problems.AssertAsync(answer, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Busy", problem.GetProperty("title").GetString());
            Assert.True(answer.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in seconds");
        }

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }
}
