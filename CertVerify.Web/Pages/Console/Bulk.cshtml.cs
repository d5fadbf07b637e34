using CertVerify.Web.Certificates;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// Bulk issue from a CSV file. The page only uploads: <c>POST /api/certificates/bulk?dryRun=true</c> reads and checks
/// the file and its answer is the preview; the same file without <c>dryRun</c> issues (see <c>wwwroot/js/bulk.js</c>).
/// </summary>
public sealed class BulkModel : PageModel
{
    public static int MaxRows => BulkIssuer.MaxRows;

    public static long MaxMegabytes => BulkIssuer.MaxBodyBytes / (1024 * 1024);

    public static int PreviewRows => PreviewRow.MaxRows;

    public static IReadOnlyList<string> Columns => BulkCsv.Columns;

    public static string MetadataPrefix => BulkCsv.MetadataPrefix;

    public void OnGet()
    {
    }
}
