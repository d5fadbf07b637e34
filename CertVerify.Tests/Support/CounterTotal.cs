using System.Diagnostics.Metrics;

namespace CertVerify.Tests.Support;

/// <summary>
/// The total of one counter from the moment this is created, or for a histogram of durations the number of its
/// recordings, counting only the meters of one application (its meter factory): tests in other collections run
/// alongside and may create instruments of the same name.
/// </summary>
public sealed class CounterTotal : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterTotal(string name, IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == name && instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _total));
        _listener.Start();
    }

    public long Value => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
