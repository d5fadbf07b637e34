namespace CertVerify.Web.Documents;

public sealed class DocumentOptions
{
    public const string SectionName = "Documents";

    /// <summary>
    /// Documents rendered at the same time on one replica; 0 (the default) means one per processor. Template previews
    /// share these slots and take at most half of them (at least one).
    /// </summary>
    public int MaxConcurrentRenders { get; set; }

    /// <summary>How long a render may wait for its turn before the request is answered 503 with Retry-After.</summary>
    public double QueueTimeoutSeconds { get; set; } = 10;

    /// <summary>How long a rendered document is kept (in memory and Redis); a change to it makes a new one anyway.</summary>
    public int CacheTtlSeconds { get; set; } = 3600;

    /// <summary>PNG pixels per PDF point: 2 gives 1684 x 1190 for landscape A4.</summary>
    public double PngScale { get; set; } = 2;

    public int ConcurrentRenders => MaxConcurrentRenders > 0 ? MaxConcurrentRenders : Environment.ProcessorCount;
}
