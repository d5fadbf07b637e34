using System.Text.RegularExpressions;
using CertVerify.Tests.Documents;
using CertVerify.Tests.Topology;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CertVerify.Tests.Browser;

/// <summary>The recipient portal (<c>/me</c>) and public profiles (<c>/u/{handle}</c>) in a real browser, through Nginx.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class RecipientBrowserTests(TopologyFixture topology)
{
    /// <summary>
    /// Issue 14's journey: a certificate issued with a notification, the email read from the development mail server,
    /// its claim link (an account with the address already proved), the portal, making it public; then a forgotten
    /// password reset through the mailed link.
    /// </summary>
    [Fact]
    public async Task A_notified_recipient_claims_from_the_email_makes_it_public_and_resets_a_forgotten_password()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var email = $"claim-{unique}@example.test";
        var title = $"Claimed in a browser {unique}";
        using var admin = await topology.SignInAsAdminAsync();
        await admin.IssueCertificateAsync(new { recipientName = "Claire Claimant", recipientEmail = email, title });
        using var inbox = topology.Inbox();
        var claim = await inbox.LinkAsync(email, title, "/account/claim");
        Assert.Equal(topology.NginxUri.GetLeftPart(UriPartial.Authority), claim.GetLeftPart(UriPartial.Authority));

        var password = $"pw-{Guid.NewGuid():N}";
        await using (var browser = await BrowserPage.OpenAsync(topology.NginxUri))
        {
            var page = browser.Page;
            await page.GotoAsync(claim.PathAndQuery);
            await Expect(page.GetByText(email)).ToBeVisibleAsync();
            await page.GetByLabel("Name").FillAsync("Claire Claimant");
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?confirmed=true$"));
            await browser.SignInAsync(email, password);
            await Expect(page).ToHaveURLAsync(new Regex("/me$"));
            var card = page.Locator(".my-certificate");
            await Expect(card).ToHaveCountAsync(1);
            await card.GetByRole(AriaRole.Button, new() { Name = "Make public" }).ClickAsync();
            await Expect(page.Locator(".notice")).ToContainTextAsync($"“{title}” is now public");
        }

        await using (var browser = await BrowserPage.OpenAsync(topology.NginxUri))
        {
            var page = browser.Page;
            await page.GotoAsync("/account/login");
            await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Mail me a link" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/account/reset\\?sent=true$"));
            var reset = await inbox.LinkAsync(email, "reset your password", "/account/reset");
            await page.GotoAsync(reset.PathAndQuery);
            var newPassword = $"pw-{Guid.NewGuid():N}";
            await page.GetByLabel("New password").FillAsync(newPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?reset=true$"));
            await browser.SignInAsync(email, newPassword);
            await Expect(page).ToHaveURLAsync(new Regex("/me$"));
            await Expect(page.Locator(".my-certificate .visibility-state")).ToHaveTextAsync("Public");
            await browser.AssertAccessibleAsync();
        }
    }

    [Fact]
    public async Task A_recipient_registers_finds_their_certificate_downloads_it_shares_it_and_makes_it_public()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var email = $"zoe-{unique}@example.test";
        const string name = "Zoë Ådahl";
        var title = $"Cloud Security Practitioner {unique}";
        const string description = "Forty hours of supervised practice.";
        using var admin = await topology.SignInAsAdminAsync();
        var organisation = (await admin.GetJsonAsync("/api/organisation")).GetProperty("name").GetString()!;
        var issued = await admin.IssueCertificateAsync(new
        {
            recipientName = name, recipientEmail = email, title, description,
            issuedAt = new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero), expiresAt = new DateTimeOffset(2028, 3, 14, 12, 0, 0, TimeSpan.Zero),
        });
        var code = issued.GetProperty("code").GetString()!;
        var verifyUrl = issued.GetProperty("verifyUrl").GetString()!;
        await admin.IssueCertificateAsync(new { recipientName = "Someone Else", recipientEmail = $"other-{unique}@example.test", title = $"Not hers {unique}" });

        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;

        // Registration through the page, then sign-in: a Recipient lands on their certificates.
        var password = $"pw-{Guid.NewGuid():N}";
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?registered=true$"));
        await browser.SignInAsync(email, password);
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My certificates", Level = 1 })).ToBeVisibleAsync();
        // Until the address is proved theirs, nothing: registering someone else's email shows nothing.
        await Expect(page.Locator(".my-certificate")).ToHaveCountAsync(0);

        // The confirmation link mailed to them (read from the development mail server), at the public address.
        using var inbox = topology.Inbox();
        var confirmation = await inbox.LinkAsync(email, "confirm your email", "/account/confirm");
        Assert.Equal(topology.NginxUri.GetLeftPart(UriPartial.Authority), confirmation.GetLeftPart(UriPartial.Authority));
        await page.GotoAsync(confirmation.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?confirmed=true$"));
        await page.GotoAsync("/me");

        // Exactly their certificate, with what verification would say of it.
        var card = page.Locator(".my-certificate");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(page.GetByText($"Not hers {unique}")).ToHaveCountAsync(0);
        foreach (var text in new[] { name, organisation, code, "14 March 2025", "14 March 2028" })
        {
            await Expect(card.Locator(".facts")).ToContainTextAsync(text);
        }

        await Expect(card.Locator(".status")).ToHaveTextAsync("Valid");
        await Expect(card.Locator(".visibility-state")).ToHaveTextAsync("Private");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("me");

        // The share link, copied to the clipboard.
        var share = card.GetByLabel("Share link");
        await Expect(share).ToHaveValueAsync(verifyUrl);
        Assert.EndsWith($"/verify/{code}", verifyUrl);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await card.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Expect(card.Locator("[data-copy-status]")).ToHaveTextAsync("Link copied.");
        Assert.Equal(verifyUrl, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        // LinkedIn's form, filled in; a plain link that opens apart from this page.
        var linkedIn = card.GetByRole(AriaRole.Link, new() { Name = "Add to LinkedIn profile" });
        await Expect(linkedIn).ToHaveAttributeAsync("target", "_blank");
        await Expect(linkedIn).ToHaveAttributeAsync("rel", "noopener noreferrer");
        var href = new Uri((await linkedIn.GetAttributeAsync("href"))!);
        Assert.Equal("https://www.linkedin.com/profile/add", href.GetLeftPart(UriPartial.Path));
        Assert.Contains("name=Cloud%20Security%20Practitioner%20", href.Query); // encoded, not left to the browser
        var query = QueryHelpers.ParseQuery(href.Query);
        Assert.Equal("CERTIFICATION_NAME", query["startTask"]);
        Assert.Equal(title, query["name"]);
        Assert.Equal(organisation, query["organizationName"]);
        Assert.Equal(("2025", "3"), (query["issueYear"].ToString(), query["issueMonth"].ToString()));
        Assert.Equal(("2028", "3"), (query["expirationYear"].ToString(), query["expirationMonth"].ToString()));
        Assert.Equal(verifyUrl, query["certUrl"]);
        Assert.Equal(code, query["certId"]);

        // The PDF, downloaded through the page's link: a valid PDF that says whose it is and its code.
        var download = await page.RunAndWaitForDownloadAsync(() => card.GetByRole(AriaRole.Link, new() { Name = "PDF" }).ClickAsync());
        Assert.Equal($"{code}.pdf", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using (var pdf = new PdfTools())
        {
            var file = pdf.Save(bytes);
            Assert.Contains("Pages:", await pdf.InfoAsync(file));
            var text = await pdf.TextAsync(file);
            Assert.Contains(name, text);
            Assert.Contains(code, text);
        }

        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Image (PNG)" })).ToHaveAttributeAsync("href", new Regex($"^https?://[^/]+/api/certificates/{Regex.Escape(code)}/png$")); // built by PublicUrls
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Signed credential" })).ToHaveAttributeAsync("href", $"/api/certificates/{code}/credential");

        // Public: said, kept across a reload, listed on the profile, described on the verification page.
        await card.GetByRole(AriaRole.Button, new() { Name = "Make public" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync($"“{title}” is now public");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Make private" })).ToBeFocusedAsync();
        await page.ReloadAsync();
        await Expect(card.Locator(".visibility-state")).ToHaveTextAsync("Public");
        var profile = await page.GetByLabel("Public profile link").InputValueAsync();
        Assert.Matches("/u/[0-9a-z]{16}$", profile);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("me-public");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(profile);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync(email);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("profile");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/verify/{code}$"));
        await Expect(page.Locator(".details")).ToContainTextAsync(description);
        await Expect(page.Locator("meta[name=robots]")).ToHaveCountAsync(0);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("verify-public");

        // Private again, and still so after a reload; the verification page keeps the description to itself again.
        await page.GotoAsync("/me");
        await card.GetByRole(AriaRole.Button, new() { Name = "Make private" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("is now private");
        await page.ReloadAsync();
        await Expect(card.Locator(".visibility-state")).ToHaveTextAsync("Private");
        await Expect(page.GetByLabel("Public profile link")).ToHaveCountAsync(0);
        await page.GotoAsync($"/verify/{code}");
        await Expect(page.Locator("#verdict-heading")).ToHaveTextAsync("This certificate is valid.");
        await Expect(page.Locator(".details")).Not.ToContainTextAsync(description);
        await Expect(page.Locator("meta[name=robots]")).ToHaveAttributeAsync("content", "noindex");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Staff_see_the_certificates_they_received_a_page_at_a_time()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        var batch = $"Paged {Guid.NewGuid():N}"[..20];
        using var admin = await topology.SignInAsAdminAsync();
        var rows = Enumerable.Range(1, 12).Select(i => new
        {
            recipientName = "Sam Staff", recipientEmail = email, title = $"{batch} #{i:00}",
            issuedAt = new DateTimeOffset(2024, 1, i, 9, 0, 0, TimeSpan.Zero),
        });
        using (var response = await admin.SendAsync(HttpMethod.Post, "/api/certificates/bulk", rows))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }

        var revoked = await admin.IssueCertificateAsync(new { recipientName = "Sam Staff", recipientEmail = email, title = $"{batch} revoked" });
        using (var response = await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{revoked.GetProperty("id").GetGuid()}/revoke", new { reason = "Issued twice" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        await browser.SignInAsync(email, password, returnUrl: "/me");
        await Expect(page).ToHaveURLAsync(new Regex("/me$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "My certificates" })).ToHaveAttributeAsync("aria-current", "page");

        // Newest first: the revoked one, said so with its reason and without a LinkedIn link, then #12 down to #04.
        var cards = page.Locator(".my-certificate");
        await Expect(cards).ToHaveCountAsync(10);
        var first = cards.First;
        await Expect(first.Locator(".status")).ToHaveTextAsync("Revoked");
        await Expect(first.Locator(".facts")).ToContainTextAsync("Issued twice");
        await Expect(first.GetByRole(AriaRole.Link, new() { Name = "Add to LinkedIn profile" })).ToHaveCountAsync(0);
        await Expect(cards.Nth(1).GetByRole(AriaRole.Heading)).ToHaveTextAsync($"{batch} #12");
        await Expect(page.Locator(".pager")).ToContainTextAsync("Page 1 of 2");
        await browser.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/me\\?page=2$"));
        await Expect(cards).ToHaveCountAsync(3);
        await Expect(cards.Last.GetByRole(AriaRole.Heading)).ToHaveTextAsync($"{batch} #01");
        await Expect(page.Locator(".pager")).ToContainTextAsync("Page 2 of 2");
        await browser.ScreenshotAsync("me-page-2");

        await page.GotoAsync("/me?page=9");
        await Expect(page).ToHaveURLAsync(new Regex("/me\\?page=2$"));
        browser.AssertNoConsoleErrors();
    }
}
