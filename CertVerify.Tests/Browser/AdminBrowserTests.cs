using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CertVerify.Tests.Organisation;
using CertVerify.Tests.Topology;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CertVerify.Tests.Browser;

/// <summary>The admin pages and the console's API keys page in a real browser, through Nginx with three replicas.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class AdminBrowserTests
{
    private readonly TopologyFixture topology;

    public AdminBrowserTests(TopologyFixture topology)
    {
        this.topology = topology;
        // Each step waits for a round trip through Nginx to a replica that may be cold, on a busy machine.
        SetDefaultExpectTimeout(15_000);
    }

    private static async Task<BrowserPage> SignedInAsync(Uri nginx, string email, string password, string returnUrl)
    {
        var browser = await BrowserPage.OpenAsync(nginx);
        // Confirmation questions (disable, end a session, revoke) are answered yes, as a person would.
        browser.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await browser.SignInAsync(email, password, returnUrl);
        return browser;
    }

    private static ILocator Row(IPage page, string text) => page.Locator("tbody tr").Filter(new() { HasText = text });

    /// <summary>Refusals the test provokes on purpose are logged by the browser as failed loads; nothing else may be.</summary>
    private static void AssertOnlyExpectedConsoleErrors(BrowserPage browser, params string[] statuses) =>
        Assert.All(browser.ConsoleErrors, error => Assert.Contains(statuses, status => error.Contains($"status of {status}")));

    [Fact]
    public async Task An_admin_creates_a_staff_member_changes_the_role_ends_sessions_disables_them_and_finds_it_all_in_the_audit_log()
    {
        await using var browser = await SignedInAsync(topology.NginxUri, TopologyFixture.AdminEmail, TopologyFixture.AdminPassword, "/admin/users");
        var page = browser.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" }).GetByRole(AriaRole.Link, new() { Name = "Users" }))
            .ToHaveAttributeAsync("aria-current", "page");

        // Create a Staff member.
        var email = $"new-staff-{Guid.NewGuid():N}@example.test";
        var password = $"pw-{Guid.NewGuid():N}";
        var create = page.Locator("section").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Create a user" }) });
        await create.GetByLabel("Email").FillAsync(email);
        await create.GetByLabel("Name").FillAsync("Nora Newcomer");
        await create.GetByLabel("Role").SelectOptionAsync("Staff");
        await create.GetByLabel("Initial password").FillAsync(password);
        await create.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/users/[0-9a-f-]{36}\\?created=true$"));
        var id = Guid.Parse(Regex.Match(page.Url, "/admin/users/([0-9a-f-]{36})").Groups[1].Value);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nora Newcomer" })).ToBeVisibleAsync();
        await Expect(page.Locator(".user-summary")).ToContainTextAsync("Staff");
        await Expect(page.Locator(".notice")).ToContainTextAsync("The user is created.");

        // The API's refusal shows in the form: the email is taken now.
        await page.GotoAsync("/admin/users");
        await create.GetByLabel("Email").FillAsync(email.ToUpperInvariant());
        await create.GetByLabel("Name").FillAsync("Copy");
        await create.GetByLabel("Initial password").FillAsync(password);
        await create.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(create.Locator(".form-errors")).ToHaveTextAsync("An account with this email already exists.");

        // Find them with the search form, and page through a list of one user a page.
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Find users" });
        await search.GetByLabel("Email or name").FillAsync(email[..20]);
        await search.GetByLabel("Role").SelectOptionAsync("Staff");
        await search.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("search=new-staff-.*&role=Staff"));
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(Row(page, email)).ToContainTextAsync("Enabled");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("admin-users");
        await topology.CreateUserAsync("Staff"); // at least two Staff members, so two pages of one
        await page.GotoAsync("/admin/users?role=Staff&pageSize=1");
        await Expect(page.Locator(".pager")).ToContainTextAsync("Page 1 of");
        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("role=Staff&pageSize=1&page=2$"));
        await Expect(page.Locator(".pager")).ToContainTextAsync("Page 2 of");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);

        // Their live session shows, and ending it signs them out at once.
        using var staff = await topology.SignInAsync(email, password);
        await page.GotoAsync($"/admin/users/{id}");
        var sessions = page.Locator("section").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Sessions" }) });
        await Expect(sessions.Locator("tbody tr")).ToHaveCountAsync(1);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("admin-user");
        await sessions.GetByRole(AriaRole.Button, new() { Name = "End the session" }).ClickAsync();
        await Expect(sessions).ToContainTextAsync("No live session");
        using (var me = await staff.Client.GetAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        // Staff to Admin and back; the summary follows.
        using var again = await topology.SignInAsync(email, password);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Role" }).SelectOptionAsync("Admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Expect(page.Locator(".user-summary")).ToContainTextAsync("Admin");
        using (var me = await again.Client.GetAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode); // a role change ends the sessions
        }

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Role" }).SelectOptionAsync("Staff");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Expect(page.Locator(".user-summary")).ToContainTextAsync("Staff");

        // Rename, then end all sessions with one button.
        await page.GetByLabel("Display name").FillAsync("Nora Renamed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nora Renamed" })).ToBeVisibleAsync();
        using var first = await topology.SignInAsync(email, password);
        using var second = await topology.SignInAsync(email, password);
        await page.ReloadAsync();
        await Expect(sessions.Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();
        await Expect(sessions).ToContainTextAsync("No live session");
        foreach (var session in new[] { first, second })
        {
            using var me = await session.Client.GetAsync("/api/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        // Disable: they cannot sign in any more.
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable account" }).ClickAsync();
        await Expect(page.Locator(".user-summary")).ToContainTextAsync("Disabled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable account" })).ToBeVisibleAsync();
        await using (var disabled = await BrowserPage.OpenAsync(topology.NginxUri))
        {
            await disabled.Page.GotoAsync("/account/login");
            await disabled.Page.GetByLabel("Email").FillAsync(email);
            await disabled.Page.GetByLabel("Password").FillAsync(password);
            await disabled.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(disabled.Page.Locator(".form-errors")).ToContainTextAsync("Invalid email or password.");
            Assert.EndsWith("/account/login", disabled.Page.Url);
        }

        // The audit log shows each of these actions about them, and the filters narrow it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log entries about this user" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/audit\\?target={id}$"));
        await Expect(page.GetByLabel("Target")).ToHaveValueAsync(id.ToString());
        foreach (var action in new[] { "user.create", "user.role_changed", "auth.sessions_revoked", "user.disabled" })
        {
            await Expect(Row(page, action).First).ToContainTextAsync(TopologyFixture.AdminEmail);
        }

        await Expect(Row(page, "user.role_changed")).ToHaveCountAsync(2);
        await page.GetByLabel("Action").SelectOptionAsync("user.role_changed");
        await page.GetByLabel("Actor (email or user id)").FillAsync(TopologyFixture.AdminEmail);
        // To the minute: the browser writes a time whose seconds are 0 back as hh:mm, and Playwright then calls the
        // value it filled malformed (a failure at one minute in sixty).
        await page.GetByLabel("From (UTC)").FillAsync(DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByLabel("To (UTC)").FillAsync(DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("action=user.role_changed"));
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("\"to\": \"Staff\"");
        await Expect(page.Locator("tbody tr").Last).ToContainTextAsync("\"to\": \"Admin\"");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("admin-audit");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("admin-audit-dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        // Dates that cannot be applied are explained, as the API would refuse them.
        await page.GotoAsync("/admin/audit?from=2026-02-01T00:00:00&to=2026-01-01T00:00:00");
        await Expect(page.Locator(".form-errors")).ToContainTextAsync("'from' must not be after 'to'.");
        AssertOnlyExpectedConsoleErrors(browser, "409", "400");
    }

    [Fact]
    public async Task An_admin_updates_the_organisation_shown_on_verify_pages_and_uploads_a_logo_served_from_our_origin()
    {
        using var issuer = await topology.SignInAsAdminAsync();
        using var issued = await issuer.SendAsync(HttpMethod.Post, "/api/certificates", new { recipientName = "Organisation Test", title = "Branding" });
        var code = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        await using var browser = await SignedInAsync(topology.NginxUri, TopologyFixture.AdminEmail, TopologyFixture.AdminPassword, "/admin/organisation");
        var page = browser.Page;
        var name = $"Northwind Academy {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Website").FillAsync("https://academy.example.org");
        await page.GetByLabel("Contact").FillAsync("certificates@academy.example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("The organisation profile is saved.");
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync(name);

        await page.GotoAsync($"/verify/{code}");
        await Expect(page.Locator(".details")).ToContainTextAsync(name);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveAttributeAsync("href", "https://academy.example.org");

        // An SVG is refused with the API's reason; a PNG is previewed, uploaded and shown from our own origin.
        await page.GotoAsync("/admin/organisation");
        await page.GetByLabel("Image file").SetInputFilesAsync(new FilePayload { Name = "logo.svg", MimeType = "image/svg+xml", Buffer = TestImages.Svg() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload logo" }).ClickAsync();
        await Expect(page.Locator("form[data-body] .form-errors")).ToContainTextAsync("PNG, JPEG or WebP");

        await page.GetByLabel("Image file").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = TestImages.LogoPng() });
        await Expect(page.Locator("img[data-logo-chosen]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload logo" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("The logo is uploaded.");
        var logo = page.GetByRole(AriaRole.Img, new() { Name = $"Current logo of {name}" });
        await Expect(logo).ToBeVisibleAsync();
        await Expect(logo).ToHaveAttributeAsync("src", new Regex("^/api/organisation/logo\\?v=[0-9a-f]{32}$"));
        await page.WaitForFunctionAsync("() => { const img = document.querySelector('img[data-logo-current]'); return img.complete && img.naturalWidth === 96; }");
        await Expect(page.GetByLabel("Logo address")).ToHaveValueAsync(new Regex("/api/organisation/logo\\?v=[0-9a-f]{32}$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove logo" })).ToBeVisibleAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("admin-organisation");

        // Both changes are in the audit log.
        await page.GotoAsync("/admin/audit?target=organisation");
        await Expect(Row(page, "organisation.update").First).ToContainTextAsync(name);
        await Expect(Row(page, "organisation.logo_update").First).ToContainTextAsync("image/png");
        AssertOnlyExpectedConsoleErrors(browser, "415");
    }

    [Fact]
    public async Task An_admin_rewords_a_recipient_mail_sees_the_refusals_previews_it_and_resets_it()
    {
        await using var browser = await SignedInAsync(topology.NginxUri, TopologyFixture.AdminEmail, TopologyFixture.AdminPassword, "/admin/mail/templates/CertificateExpiring");
        var page = browser.Page;
        try
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Expiry reminder" })).ToHaveAttributeAsync("aria-current", "page");
            await Expect(page.GetByLabel("Subject")).ToHaveValueAsync(new Regex("expires on \\{\\{expiresOn\\}\\}$"));
            await browser.AssertAccessibleAsync();

            await page.GetByLabel("Subject").FillAsync("Soon: {{title}}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
            await Expect(page.Locator("[data-error-for=subject]")).ToContainTextAsync("Unknown placeholder {{title}}");

            await page.GetByLabel("Subject").FillAsync("Soon: {{certificateTitle}}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            await Expect(page.Locator("[data-preview-subject]")).ToHaveTextAsync("Soon: Certificate of Completion");
            await Expect(page.FrameLocator("[data-preview-html]").Locator("body")).ToContainTextAsync("Hello Alex Morgan");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
            await Expect(page.Locator(".notice")).ToContainTextAsync("Saved.");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Expiry reminder (changed)" })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Reset to default" }).ClickAsync();
            await Expect(page.Locator(".notice")).ToContainTextAsync("Back to the default wording.");
            await Expect(page.GetByLabel("Subject")).ToHaveValueAsync(new Regex("expires on \\{\\{expiresOn\\}\\}$"));
            Assert.True(browser.ConsoleErrors.All(e => e.Contains("status of 400")), string.Join("\n", browser.ConsoleErrors));
        }
        finally
        {
            using var admin = await topology.SignInAsAdminAsync();
            (await admin.SendAsync(HttpMethod.Delete, "/api/mail/templates/CertificateExpiring")).Dispose();
        }
    }

    [Fact]
    public async Task A_staff_member_creates_an_api_key_uses_it_and_revokes_it_in_the_console()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        await using var browser = await SignedInAsync(topology.NginxUri, email, password, "/console/keys");
        var page = browser.Page;
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await Expect(page.Locator(".empty")).ToHaveTextAsync("No key yet.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Show everyone's keys" })).ToHaveCountAsync(0);

        var name = $"Student records {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Copy your new key now" })).ToBeFocusedAsync();
        await Expect(page.Locator(".key-secret")).ToContainTextAsync("This is the only time the key is shown.");
        var key = await page.GetByLabel($"Key “{name}”").InputValueAsync();
        Assert.Matches("^cvk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$", key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.Locator("[data-copy-status]")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("console-key-created");

        using var client = new HttpClient { BaseAddress = topology.NginxUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using (var listed = await client.GetAsync("/api/certificates"))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "I have stored it" }).ClickAsync();
        var row = Row(page, name);
        await Expect(row).ToContainTextAsync("Active");
        await Expect(row).ToContainTextAsync($"cvk_{key[4..16]}_…");
        await Expect(row.Locator("time")).ToHaveCountAsync(2); // created, and last used just now
        await Expect(page.GetByLabel($"Key “{name}”")).ToBeHiddenAsync();
        await browser.AssertAccessibleAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke the key {name}" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("console-keys");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("console-keys-dark");
        using (var refused = await client.GetAsync("/api/certificates"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task An_admin_sees_everyones_keys_on_request()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        var keyName = $"Someone else's {Guid.NewGuid().ToString("N")[..6]}";
        using (var staff = await topology.SignInAsync(email, password))
        using (var created = await staff.SendAsync(HttpMethod.Post, "/api/keys", new { name = keyName }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var browser = await SignedInAsync(topology.NginxUri, TopologyFixture.AdminEmail, TopologyFixture.AdminPassword, "/console/keys");
        var page = browser.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your keys" })).ToBeVisibleAsync();
        await Expect(Row(page, keyName)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Show everyone's keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Everyone's keys" })).ToBeVisibleAsync();
        await Expect(Row(page, keyName)).ToContainTextAsync(email);
        await browser.AssertAccessibleAsync();
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Recipients_and_staff_get_the_403_page_at_admin_pages_and_see_no_admin_content()
    {
        foreach (var role in new[] { "Recipient", "Staff" })
        {
            var (email, password, _) = await topology.CreateUserAsync(role);
            await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
            await browser.SignInAsync(email, password, "/account/password");
            var page = browser.Page;
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);
            foreach (var path in new[] { "/admin/users", "/admin/organisation", "/admin/audit" })
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(403, response!.Status);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" })).ToHaveCountAsync(0);
                await Expect(page.Locator("main")).Not.ToContainTextAsync("Create a user");
                await Expect(page.Locator("main")).Not.ToContainTextAsync(TopologyFixture.AdminEmail);
            }

            var keys = await page.GotoAsync("/console/keys");
            Assert.Equal(role == "Staff" ? 200 : 403, keys!.Status);
            if (role == "Recipient")
            {
                await browser.AssertAccessibleAsync();
                await browser.ScreenshotAsync("admin-forbidden");
            }

            AssertOnlyExpectedConsoleErrors(browser, "403");
        }
    }
}
