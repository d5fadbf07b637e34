using System.Net;
using System.Text.RegularExpressions;
using CertVerify.Tests.Topology;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CertVerify.Tests.Browser;

/// <summary>The public pages in a real browser, through Nginx with three replicas.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class PublicPagesBrowserTests(TopologyFixture topology)
{
    private static readonly LocatorAssertionsToHaveTextOptions WithinFiveSeconds = new() { Timeout = 5_000 };

    private static async Task<(Guid Id, string Code)> IssueAsync(ApiSession issuer, object body)
    {
        var certificate = await issuer.IssueCertificateAsync(body);
        return (certificate.GetProperty("id").GetGuid(), certificate.GetProperty("code").GetString()!);
    }

    [Fact]
    public async Task Each_status_shows_its_own_verdict_after_typing_the_code()
    {
        using var admin = await topology.SignInAsAdminAsync();
        var (_, valid) = await IssueAsync(admin, new { recipientName = "Valid Person", title = "Browser Testing" });
        var (revokedId, revoked) = await IssueAsync(admin, new { recipientName = "Revoked Person", title = "Browser Testing" });
        using (var revoke = await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{revokedId}/revoke", new { reason = "Issued in error" }))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var (_, expired) = await IssueAsync(admin, new
        {
            recipientName = "Expired Person", title = "Browser Testing",
            issuedAt = DateTimeOffset.UtcNow.AddYears(-2), expiresAt = DateTimeOffset.UtcNow.AddYears(-1),
        });
        const string unknown = "CV-0000-0000-0000-0000-0000";

        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        foreach (var (code, headline, name) in new[]
        {
            (valid, "This certificate is valid.", "verify-valid"),
            (revoked, "This certificate has been revoked and is not valid.", "verify-revoked"),
            (expired, "This certificate has expired.", "verify-expired"),
            (unknown, "No certificate has this code.", "verify-not-found"),
        })
        {
            await page.GotoAsync("/verify");
            await page.GetByLabel("Certificate code").FillAsync(code.ToLowerInvariant().Replace("-", " "));
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
            await Expect(page.Locator("#verdict-heading")).ToHaveTextAsync(headline, WithinFiveSeconds);
            await Expect(page).ToHaveURLAsync(new Regex($"/verify/{code}$"));
            await browser.ScreenshotAsync(name);
        }

        await Expect(page.Locator(".details")).ToHaveCountAsync(0);
        await page.GotoAsync($"/verify/{revoked}");
        await Expect(page.Locator(".details")).ToContainTextAsync("Issued in error");
        await browser.AssertAccessibleAsync();
        await page.GotoAsync("/verify");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("verify");
        // The unknown code's 404 is the page's answer, logged by the browser as a failed load; nothing else may be.
        Assert.All(browser.ConsoleErrors, error => Assert.Contains("404", error));
    }

    [Fact]
    public async Task The_scanner_shows_the_camera_and_a_scanned_code_opens_its_verdict()
    {
        using var admin = await topology.SignInAsAdminAsync();
        var (_, code) = await IssueAsync(admin, new { recipientName = "Scanned Person", title = "QR Codes" });

        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        await page.GotoAsync("/verify");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan with the camera" }).ClickAsync();
        // Chromium's fake camera: the preview runs and the scanner says what to do.
        await Expect(page.GetByLabel("Camera preview")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-scan-status]")).ToContainTextAsync("Point the camera");
        await browser.ScreenshotAsync("verify-scanner");

        // What the camera would read from the certificate: its verification link (on any host: only the code counts).
        await page.EvaluateAsync("link => window.certverifyScan(link)", $"https://elsewhere.example/verify/{code}");
        await Expect(page.Locator("#verdict-heading")).ToHaveTextAsync("This certificate is valid.", WithinFiveSeconds);
        Assert.EndsWith($"/verify/{code}", page.Url);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_denied_camera_is_explained_and_the_code_form_still_works()
    {
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        await page.AddInitScriptAsync("""
            navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
            """);
        await page.GotoAsync("/verify");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan with the camera" }).ClickAsync();
        await Expect(page.Locator("[data-scan-status]")).ToContainTextAsync("Camera access was denied");
        await Expect(page.GetByLabel("Certificate code")).ToBeEditableAsync();
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Unknown_addresses_get_a_friendly_page_for_people_and_problem_details_for_programs()
    {
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        var response = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Verify a certificate" })).ToHaveAttributeAsync("href", "/verify");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Home" })).ToHaveAttributeAsync("href", "/");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("not-found");

        using var client = new HttpClient { BaseAddress = topology.NginxUri };
        using var api = await client.GetAsync("/api/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_in_leads_each_role_home_and_pages_that_need_an_account_ask_for_one()
    {
        var (email, password, _) = await topology.CreateUserAsync("Recipient");
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;

        await page.GotoAsync("/account/password");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?returnUrl=%2Faccount%2Fpassword$"));
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("sign-in");

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("wrong-password-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator(".form-errors")).ToContainTextAsync("Invalid email or password.");

        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/password$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/verify$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        // The failed sign-in's 401 is logged by the browser as a failed load; nothing else may be.
        Assert.All(browser.ConsoleErrors, error => Assert.Contains("401", error));
    }
}
