using System.Net;
using System.Text.RegularExpressions;
using CertVerify.Tests.Browser;
using CertVerify.Tests.Topology;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CertVerify.Tests.OpenApi;

/// <summary>The reference UI (Scalar) at /api/docs: anonymous, through Nginx, working under the security headers, offline.</summary>
[Collection(TopologyCollection.Name)]
[Trait("Tier", "Topology")]
public sealed partial class ApiReferenceTests(TopologyFixture topology)
{
    /// <summary>The reference parses a 5 MB script and renders operations lazily: on a busy machine that took over 5 s.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions WhileItRenders = new() { Timeout = 30_000 };

    /// <summary>Its one inline script runs with the nonce of its own response; its scripts come from this origin.</summary>
    [Fact]
    public async Task The_page_admits_only_its_own_inline_script_and_scripts_from_this_origin()
    {
        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await topology.Nginx.GetAsync("/api/docs/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            var html = await response.Content.ReadAsStringAsync();

            var nonce = Assert.Single(ScriptNonce().Matches(policy)).Groups[1].Value;
            Assert.All(ScriptTag().Matches(html), tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value));
            Assert.Contains("default-src 'self'", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.DoesNotMatch(@"<script[^>]*src=""(https?:)?//", html);
            nonces.Add(nonce);
        }

        Assert.NotEqual(nonces[0], nonces[1]);
        using var script = await topology.Nginx.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_reference_of_a_document_that_does_not_exist_is_not_found()
    {
        using var response = await topology.Nginx.GetAsync("/api/docs/v2");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_browser_shows_the_operations_without_errors_or_requests_elsewhere()
    {
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(topology.NginxUri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        await page.GotoAsync("/api/docs");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "CertVerify API", Level = 1 })).ToBeVisibleAsync(WhileItRenders);
        await page.GotoAsync("/api/docs#tag/certificates/POST/api/certificates");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Issue a certificate" })).ToBeVisibleAsync(WhileItRenders);
        // The viewport only: the reference renders the operations near where it is scrolled to.
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserPage.ScreenshotDirectory, "api-docs.png") });

        browser.AssertNoConsoleErrors();
        Assert.Empty(elsewhere);
    }

    [GeneratedRegex(@"script-src [^;]*'nonce-([0-9a-f]+)'")]
    private static partial Regex ScriptNonce();

    [GeneratedRegex(@"<script\b[^>]*>")]
    private static partial Regex ScriptTag();
}
