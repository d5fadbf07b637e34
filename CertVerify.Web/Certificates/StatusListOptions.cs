namespace CertVerify.Web.Certificates;

/// <summary>
/// How certificates are spread over the W3C Bitstring Status Lists (section <c>Credentials</c>, beside the other
/// credential settings): each certificate gets its slot when it is issued.
/// </summary>
public sealed class StatusListOptions
{
    public const string SectionName = "Credentials";

    /// <summary>The smallest list the Bitstring Status List specification allows, for herd privacy.</summary>
    public const int MinimumStatusListSize = 131_072;

    /// <summary>Entries per status list; at least <see cref="MinimumStatusListSize"/>.</summary>
    public int StatusListSize { get; set; } = MinimumStatusListSize;

    /// <summary>
    /// A list takes new certificates until this share of it is used, then the next list opens: indexes are drawn at
    /// random, so they must stay easy to find and must not reveal the order of issue.
    /// </summary>
    public double StatusListFillLimit { get; set; } = 0.5;
}
