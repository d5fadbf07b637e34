using System.Text.Json;
using CertVerify.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CertVerify.Tests.Auth;

/// <summary>
/// Outside Development antiforgery's cookie is Secure, and antiforgery itself throws on a plain http request (how
/// the benchmark scripts met a 500 on sign-in): that request gets a 400 problem saying to use https.
/// </summary>
[Trait("Tier", "Unit")]
public sealed class PlainHttpExceptionHandlerTests
{
    [Fact]
    public async Task Antiforgery_refusing_plain_http_is_a_400_problem()
    {
        using var services = new ServiceCollection().AddLogging().AddProblemDetails()
            .AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always)
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Scheme = "http";
        context.Response.Body = new MemoryStream();
        var refusal = Assert.ThrowsAny<InvalidOperationException>(() => services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context));

        var handled = await new PlainHttpExceptionHandler(services.GetRequiredService<IProblemDetailsService>())
            .TryHandleAsync(context, refusal, CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("HTTPS required", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Other_failures_and_https_requests_are_left_to_the_other_handlers()
    {
        using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new PlainHttpExceptionHandler(services.GetRequiredService<IProblemDetailsService>());
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Scheme = "http";
        var https = new DefaultHttpContext { RequestServices = services };
        https.Request.Scheme = "https";
        var fromAntiforgery = new InvalidOperationException("refused") { Source = "Microsoft.AspNetCore.Antiforgery" };

        Assert.False(await handler.TryHandleAsync(http, new InvalidOperationException("a bug of ours"), CancellationToken.None));
        Assert.False(await handler.TryHandleAsync(https, fromAntiforgery, CancellationToken.None));
    }
}
