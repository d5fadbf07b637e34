using System.Diagnostics;

namespace CertVerify.Tests.Hosting;

/// <summary>
/// A traced request's server span keeps what tells requests apart (method, path, route, status, user agent) and
/// drops the tags of the hop from the proxy, which are the same on every span behind Nginx and cost the dashboard's
/// store a row and four index entries each (ServiceDefaults, docs/benchmarks.md).
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class ServerSpanTagsTests(InProcessFixture app) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_traced_request_keeps_what_it_asked_and_drops_the_proxy_hop()
    {
        // The request names itself in its user agent, so the span found is this request's and no other's.
        var userAgent = $"span-tags-test/{Guid.NewGuid():N}";
        var stopped = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("user_agent.original") as string == userAgent)
                {
                    stopped.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/verify/CV-0000-0000-0000-0000-0000");
        request.Headers.UserAgent.ParseAdd(userAgent);
        using var response = await _client.SendAsync(request);
        var span = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var tags = span.TagObjects.ToDictionary(tag => tag.Key, tag => tag.Value?.ToString());
        Assert.Equal("GET", tags["http.request.method"]);
        Assert.Equal("/api/verify/CV-0000-0000-0000-0000-0000", tags["url.path"]);
        Assert.Equal("/api/verify/{code}", tags["http.route"]);
        Assert.Equal(((int)response.StatusCode).ToString(), tags["http.response.status_code"]);
        Assert.Equal(userAgent, tags["user_agent.original"]);
        Assert.DoesNotContain("server.address", tags.Keys);
        Assert.DoesNotContain("server.port", tags.Keys);
        Assert.DoesNotContain("url.scheme", tags.Keys);
        Assert.DoesNotContain("network.protocol.version", tags.Keys);
    }

    public void Dispose() => _client.Dispose();
}
