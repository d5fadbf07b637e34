namespace CertVerify.Web.Hosting;

/// <summary>Error answers in the form the caller reads: a page for a browser, problem details for everyone else.</summary>
public static class ErrorPages
{
    /// <summary>A browser navigating to a page, as opposed to an API client or a fetch.</summary>
    public static bool WantsHtml(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.Request.Path.StartsWithSegments("/api")
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>Error statuses without a body get a page for browsers and problem details for the rest.</summary>
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        app.UseWhen(WantsHtml, html => html.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(context => !WantsHtml(context), api => api.UseStatusCodePages());
        return app;
    }
}
