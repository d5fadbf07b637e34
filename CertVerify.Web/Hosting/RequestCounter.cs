using System.Diagnostics.Metrics;

namespace CertVerify.Web.Hosting;

/// <summary>
/// Counts the requests this replica has served, for the instance registry and as an OpenTelemetry metric.
/// Latency per replica comes from ASP.NET Core's own <c>http.server.request.duration</c> histogram,
/// which carries the replica's <c>service.instance.id</c>.
/// </summary>
public sealed class RequestCounter
{
    private long _served;

    public RequestCounter(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Extensions.CertVerifyTelemetryName);
        meter.CreateObservableCounter(
            "certverify.instance.requests_served",
            () => Interlocked.Read(ref _served),
            unit: "{request}",
            description: "Requests served by this replica since it started.");
    }

    public long Served => Interlocked.Read(ref _served);

    public void Increment() => Interlocked.Increment(ref _served);
}
