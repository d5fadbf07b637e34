using CertVerify.Web.Users;

namespace CertVerify.Web.Pages;

/// <summary>
/// The server-rendered pages: signed-in by default (public pages say so), friendly HTML error pages for browsers,
/// problem details for everything else.
/// </summary>
public static class PagesHosting
{
    public static IServiceCollection AddCertVerifyPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Console", Policies.Issuer);
            options.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            options.Conventions.AuthorizeFolder("/Me", Policies.SignedIn);
            // The template editor is one page for a new template and an existing one.
            options.Conventions.AddPageRoute("/Console/Template", "console/templates/new");
        });
        return services;
    }

    /// <summary>
    /// The pages, for signed-in callers unless they say [AllowAnonymous]. Pages are only read (their forms send GET or
    /// call the API): any other method is 405, instead of the page rendered without its handler having run.
    /// </summary>
    public static WebApplication MapCertVerifyPages(this WebApplication app)
    {
        app.MapRazorPages().RequireAuthorization().WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        return app;
    }

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
        // Routing after the error pages, so that a re-executed request is routed to the error page.
        app.UseRouting();
        return app;
    }
}
