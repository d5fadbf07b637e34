using CertVerify.Web.Accounts;

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
}
