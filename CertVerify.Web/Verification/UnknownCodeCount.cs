namespace CertVerify.Web.Verification;

/// <summary>
/// Verifications of codes nobody issued, counted per minute, client address and replica instead of a row each: no
/// certificate's history shows them, and a flood of random codes must not cost PostgreSQL a row (and its storage) per
/// request. Every one is still counted: the log then scales with the flood's minutes and addresses, not its requests.
/// </summary>
public sealed class UnknownCodeCount
{
    public DateTimeOffset Minute { get; set; }

    /// <summary>The client's address; empty when it was not known.</summary>
    public required string ClientIp { get; set; }

    public required string InstanceId { get; set; }

    public long Count { get; set; }

    /// <summary>The counts of a batch's verifications of unknown codes.</summary>
    public static List<UnknownCodeCount> Tally(IEnumerable<VerificationRecord> unknown) =>
        unknown.GroupBy(r => (Minute: StartOfMinute(r.At), ClientIp: r.ClientIp ?? "", r.InstanceId))
            .Select(g => new UnknownCodeCount { Minute = g.Key.Minute, ClientIp = g.Key.ClientIp, InstanceId = g.Key.InstanceId, Count = g.Count() })
            .ToList();

    private static DateTimeOffset StartOfMinute(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
