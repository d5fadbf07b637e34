namespace CertVerify.Web.Verification;

public sealed class VerificationOptions
{
    public const string SectionName = "Verification";

    /// <summary>How long an answer for a known code is cached (in process and in Redis).</summary>
    public int FoundTtlSeconds { get; set; } = 600;

    /// <summary>How long an answer for an unknown code is cached.</summary>
    public int NotFoundTtlSeconds { get; set; } = 60;

    /// <summary>Off: every verification reads PostgreSQL (for benchmarks and diagnosis).</summary>
    public bool CacheEnabled { get; set; } = true;

    /// <summary>Off: unknown codes are looked up in PostgreSQL like any other (see <see cref="IssuedCodeFilter"/>).</summary>
    public bool CodeFilterEnabled { get; set; } = true;

    /// <summary>Verification log entries waiting to be written; beyond this, new entries are dropped (and counted).</summary>
    public int LogQueueCapacity { get; set; } = 100_000;
}
