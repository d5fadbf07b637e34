using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace CertVerify.Tests.Verification;

/// <summary>
/// A verification the cache cannot answer reads PostgreSQL; a reader of that verification's trace must see the query
/// beneath it, not as a trace of its own (HybridCache runs a miss on a work item without the caller's context).
/// </summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class CacheMissTraceTests(InProcessFixture app) : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener = new();
    private readonly HttpClient _public = app.CreateClient();

    [Fact]
    public async Task The_database_query_of_a_cache_miss_belongs_to_the_verification_trace()
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var code = (await staff.IssueCertificateAsync(new { recipientName = "Trace Reader", title = "T" })).GetProperty("code").GetString()!;
        Listen();

        using var response = await _public.GetAsync($"/api/verify/{code}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The server's span ends just after the answer has gone.
        var verification = await Eventually.UntilAsync(
            () => Task.FromResult(_stopped.FirstOrDefault(a => a.Source.Name == "Microsoft.AspNetCore"
                && a.GetTagItem("url.path") as string == $"/api/verify/{code}")),
            found => found is not null, TimeSpan.FromSeconds(5));
        Assert.NotNull(verification);
        Assert.True(_stopped.Any(a => a.Source.Name == "Npgsql" && a.TraceId == verification.TraceId),
            $"No PostgreSQL span in the verification's trace {verification.TraceId}; PostgreSQL spans seen: "
            + string.Join(", ", _stopped.Where(a => a.Source.Name == "Npgsql").Select(a => $"{a.DisplayName} in {a.TraceId}")));
    }

    private void Listen()
    {
        _listener.ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Npgsql";
        _listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _listener.ActivityStopped = _stopped.Enqueue;
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _public.Dispose();
    }
}
