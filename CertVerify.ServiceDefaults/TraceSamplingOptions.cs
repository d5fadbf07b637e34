namespace Microsoft.Extensions.Hosting;

/// <summary>Which requests are traced (<see cref="CappedTraceSampler"/>); metrics and logs are never sampled.</summary>
public sealed class TraceSamplingOptions
{
    public const string SectionName = "Tracing";

    /// <summary>The share of new traces kept (0 to 1). The AppHost sets it: every request locally, 1 in 10 when published.</summary>
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>
    /// The most traces a process starts in a second, its own and those a caller asked for together. A flood of
    /// requests, or of <c>traceparent</c> headers marked sampled, then costs the trace store a bounded amount.
    /// </summary>
    public int MaxTracesPerSecond { get; set; } = 20;

    public static bool IsValid(TraceSamplingOptions options) =>
        options.SampleRatio is >= 0 and <= 1 && options.MaxTracesPerSecond >= 1;

    public const string Requirement = "Tracing:SampleRatio must be between 0 and 1, and Tracing:MaxTracesPerSecond at least 1.";
}
