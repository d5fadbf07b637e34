using System.Globalization;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// The <c>?page=</c> of a paged page, read by hand: Razor Pages keeps a route value of its own named "page", which
/// model binding would find first. Anything unreadable is page 1.
/// </summary>
public static class QueryPage
{
    public static int From(HttpRequest request) =>
        int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? Math.Clamp(number, 1, 1_000_000) : 1;
}
