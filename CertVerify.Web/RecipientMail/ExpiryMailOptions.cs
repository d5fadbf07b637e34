namespace CertVerify.Web.RecipientMail;

/// <summary>The expiry mail scheduler every replica runs (section <c>ExpiryMail</c>).</summary>
public sealed class ExpiryMailOptions
{
    public const string SectionName = "ExpiryMail";

    /// <summary>How often each replica looks for certificates due a reminder or an expiry notice.</summary>
    public double IntervalSeconds { get; set; } = 300;

    /// <summary>
    /// How long after its expiry a certificate still gets its notice: the first pass after an upgrade, or after a long
    /// outage, does not mail about certificates that expired long ago.
    /// </summary>
    public double LateNoticeDays { get; set; } = 7;

    public static bool IsValid(ExpiryMailOptions o) => o.IntervalSeconds is >= 1 and <= 86_400 && o.LateNoticeDays is > 0 and <= 366;
}
