using CertVerify.Web.Data;
using CertVerify.Web.Verification;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Console;

/// <summary>The issuer's dashboard: the same counts as <c>GET /api/stats</c> (own certificates for Staff, all for Admins).</summary>
public sealed class IndexModel(CertVerifyDbContext db, TimeProvider clock) : PageModel
{
    public const int Days = VerificationStats.DefaultDays;

    public Stats Stats { get; private set; } = null!;

    public VerificationChart Chart { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stats = await VerificationStats.ComputeStatsAsync(db, User, clock, Days, ct);
        Chart = new VerificationChart(Stats.VerificationsPerDay);
    }
}
