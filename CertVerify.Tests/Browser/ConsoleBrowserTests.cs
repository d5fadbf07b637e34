using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using CertVerify.Tests.Documents;
using CertVerify.Tests.Topology;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CertVerify.Tests.Browser;

/// <summary>The issuer console in a real browser, through Nginx with three replicas.</summary>
[Trait("Tier", "Topology")]
[Collection(TopologyCollection.Name)]
public sealed class ConsoleBrowserTests(TopologyFixture topology)
{
    private static readonly Regex DetailAddress = new("/console/certificates/[0-9a-f-]{36}$");

    private static string NewTag() => Guid.NewGuid().ToString("N")[..10];

    private static FilePayload Csv(string name, string text) =>
        new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    private async Task<(ApiSession Session, string Email, string Password)> NewStaffAsync()
    {
        var (email, password, _) = await topology.CreateUserAsync("Staff");
        return (await topology.SignInAsync(email, password), email, password);
    }

    /// <summary>Reloads until <paramref name="done"/>: verifications reach PostgreSQL in batches, off the request path.</summary>
    private static async Task ReloadUntilAsync(IPage page, Func<Task<bool>> done)
    {
        for (var attempt = 0; attempt < 40 && !await done(); attempt++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }
    }

    [Fact]
    public async Task Admin_bulk_issues_a_csv_finds_the_rows_in_the_list_and_revokes_one_for_everyone_to_see()
    {
        var tag = NewTag();
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await browser.SignInAsync(TopologyFixture.AdminEmail, TopologyFixture.AdminPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/console$"));

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Bulk issue" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/bulk$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the CSV template" }))
            .ToHaveAttributeAsync("href", "/api/certificates/bulk/template.csv");
        await browser.AssertAccessibleAsync();

        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("graduates.csv", $"""
            recipientName,recipientEmail,title,issuedAt,meta.grade
            Grace Hopper {tag},grace-{tag}@example.test,"Compilers, with honours {tag}",2026-02-01,A
            "Alan ""Bombe"" Turing {tag}",,Computability {tag},2026-02-02,
            """));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var preview = page.Locator("[data-bulk-preview]");
        await Expect(preview.Locator("[data-bulk-summary]")).ToHaveTextAsync("2 rows read; all valid.");
        var rows = preview.Locator(".bulk-rows tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync($"Compilers, with honours {tag}");
        await Expect(rows.Nth(0)).ToContainTextAsync("grade=A");
        await Expect(rows.Nth(1)).ToContainTextAsync($"Alan \"Bombe\" Turing {tag}");
        await Expect(preview.Locator("[data-bulk-errors]")).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Upload", new() { Exact = true })).ToBeHiddenAsync(); // small files need no progress bar
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("console-bulk-preview");

        // Nothing is issued by the preview.
        using var admin = await topology.SignInAsAdminAsync();
        Assert.Equal(0, (await admin.GetJsonAsync($"/api/certificates?search={tag}")).GetProperty("total").GetInt32());

        // The batch is issued without emailing anyone.
        await page.GetByLabel("Email the recipients").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue 2 certificates" }).ClickAsync();
        // A replica's first bulk issue compiles its path: on a loaded machine it has taken longer than the default 5 s.
        await Expect(page.Locator("[data-bulk-result-summary]")).ToHaveTextAsync("Issued 2 certificates.", new() { Timeout = 15_000 });
        await Expect(page.Locator(".bulk-issued tbody tr")).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Issue 2 certificates" })).ToBeHiddenAsync();
        await browser.ScreenshotAsync("console-bulk-done");

        await page.GetByRole(AriaRole.Link, new() { Name = "See them in the list" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/certificates\\?batchId=[0-9a-f-]{36}$"));
        var listed = page.Locator("table.certificates tbody tr");
        await Expect(listed).ToHaveCountAsync(2);
        await Expect(page.Locator("[role=status]").First).ToContainTextAsync("Showing batch");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("console-list-batch");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Grace Hopper {tag}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DetailAddress);
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("active");
        await Expect(page.Locator(".details")).ToContainTextAsync($"grace-{tag}@example.test");
        await Expect(page.Locator(".details")).ToContainTextAsync("grade");
        await Expect(page.Locator("[data-notification]")).ToHaveTextAsync("Not emailed");
        using (var inbox = topology.Inbox())
        {
            Assert.Empty(await inbox.ToAsync($"grace-{tag}@example.test")); // no message was even written
        }

        var code = (await page.Locator(".details dd code").First.TextContentAsync())!.Trim();
        // The QR code is looked up through the verification cache: let it load before the status changes.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GetByLabel("Reason for revoking").FillAsync($"Awarded in error {tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke permanently" }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("revoked");
        await Expect(page.Locator(".details")).ToContainTextAsync($"Reason: Awarded in error {tag}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke permanently" })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-cannot-notify]")).ToHaveTextAsync("The certificate is revoked: its recipient is not emailed about it.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send the email again" })).ToHaveCountAsync(0);
        await browser.AssertAccessibleAsync();

        await page.GotoAsync($"/verify/{code}");
        await Expect(page.Locator("#verdict-heading")).ToHaveTextAsync("This certificate has been revoked and is not valid.");
        await Expect(page.Locator(".details")).ToContainTextAsync($"Awarded in error {tag}");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_bulk_preview_shows_row_errors_before_anything_is_issued_and_explains_a_refused_file()
    {
        var tag = NewTag();
        var (_, email, password) = await NewStaffAsync();
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        await browser.SignInAsync(email, password, "/console/bulk");

        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("mixed.csv", $"""
            recipientName,recipientEmail,title,expiresAt
            Good One {tag},one-{tag}@example.test,Mixed {tag},
            Bad Email {tag},not-an-email,Mixed {tag},
            ,,Mixed {tag},31/12/2027
            Good Two {tag},,Mixed {tag},2030-01-01
            """));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Expect(page.Locator("[data-bulk-summary]")).ToHaveTextAsync("4 rows read: 2 valid, 2 rows with errors.");
        var errors = page.Locator(".bulk-errors tbody tr");
        await Expect(errors).ToHaveCountAsync(3);
        await Expect(errors.Nth(0)).ToContainTextAsync("recipientEmail");
        await Expect(errors.Nth(0).Locator("td").Nth(1)).ToHaveTextAsync("3"); // the file's line
        await Expect(page.Locator(".bulk-errors")).ToContainTextAsync("recipientName");
        await Expect(page.Locator(".bulk-errors")).ToContainTextAsync("expiresAt");
        await Expect(page.Locator(".bulk-rows tr.row-invalid")).ToHaveCountAsync(2);
        await browser.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Issue 2 certificates" }).ClickAsync();
        await Expect(page.Locator("[data-bulk-result-summary]")).ToContainTextAsync("Issued 2 certificates; 2 rows were not issued");

        // A file the server refuses as a whole: the reason, and no preview.
        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("typo.csv", "recipentName,title\nAda,Typo\n"));
        await Expect(page.Locator("[data-bulk-preview]")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Expect(page.Locator("[data-bulk-problem]")).ToContainTextAsync("Header row:");
        await Expect(page.Locator("[data-bulk-problem]")).ToContainTextAsync("recipentName");
        await Expect(page.Locator("[data-bulk-preview]")).ToBeHiddenAsync();

        // A large file shows its upload progress; the preview lists the first 100 rows.
        var large = new StringBuilder("recipientName,title,description\n");
        for (var i = 1; i <= 4000; i++)
        {
            large.Append($"Person {i} {tag},Large {tag},{new string('x', 200)}\n");
        }

        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("large.csv", large.ToString()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Expect(page.Locator("[data-bulk-summary]")).ToHaveTextAsync("4,000 rows read; all valid.", new() { Timeout = 30_000 });
        await Expect(page.GetByLabel("Upload", new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(
            await page.GetByLabel("Upload", new() { Exact = true }).GetAttributeAsync("max"),
            await page.GetByLabel("Upload", new() { Exact = true }).EvaluateAsync<string>("p => String(p.value)"));
        await Expect(page.Locator("[data-bulk-progress-text]")).ToContainTextAsync("Uploaded");
        await Expect(page.Locator(".bulk-rows tbody tr")).ToHaveCountAsync(100);
        await Expect(page.Locator("[data-bulk-rows-note]")).ToHaveTextAsync("The first 100 of 4,000 rows.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Issue 4,000 certificates" })).ToBeVisibleAsync();
        await browser.AssertAccessibleAsync();
        // The refused file's 400 is logged by the browser as a failed load; nothing else may be.
        Assert.All(browser.ConsoleErrors, error => Assert.Contains("400", error));
    }

    [Fact]
    public async Task Staff_see_only_their_own_certificates_and_get_403_for_another_issuers()
    {
        var tag = NewTag();
        var (mine, email, password) = await NewStaffAsync();
        var (theirs, _, _) = await NewStaffAsync();
        using (mine)
        using (theirs)
        {
            await mine.IssueCertificateAsync(new { recipientName = $"Mine {tag}", title = $"Scoped {tag}" });
            var foreign = await theirs.IssueCertificateAsync(new { recipientName = $"Theirs {tag}", title = $"Scoped {tag}" });

            await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
            var page = browser.Page;
            await browser.SignInAsync(email, password);
            await Expect(page).ToHaveURLAsync(new Regex("/console$"));
            await Expect(page.Locator("[data-stat=issued]")).ToHaveTextAsync("1");

            await page.GotoAsync($"/console/certificates?search={tag}");
            var rows = page.Locator("table.certificates tbody tr");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows).ToContainTextAsync($"Mine {tag}");

            var response = await page.GotoAsync($"/console/certificates/{foreign.GetProperty("id").GetGuid()}");
            Assert.Equal(403, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
            await Expect(page.Locator("main")).Not.ToContainTextAsync($"Theirs {tag}");

            var missing = await page.GotoAsync($"/console/certificates/{Guid.NewGuid()}");
            Assert.Equal(404, missing!.Status);
            Assert.All(browser.ConsoleErrors, error => Assert.Matches("40[34]", error));
        }
    }

    [Fact]
    public async Task Recipients_and_strangers_never_see_console_content()
    {
        string[] pages = ["/console", "/console/certificates", "/console/certificates/new", $"/console/certificates/{Guid.NewGuid()}", "/console/bulk"];
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            await Expect(page).ToHaveURLAsync(new Regex($"/account/login\\?returnUrl={Regex.Escape(Uri.EscapeDataString(path))}$"));
        }

        var (email, password, _) = await topology.CreateUserAsync("Recipient");
        await browser.SignInAsync(email, password, "/verify");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Console" })).ToHaveCountAsync(0);
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
            await Expect(page.Locator("nav[aria-label=Console]")).ToHaveCountAsync(0);
            await Expect(page.Locator("main")).Not.ToContainTextAsync("Dashboard");
        }

        await browser.AssertAccessibleAsync();
        Assert.All(browser.ConsoleErrors, error => Assert.Contains("403", error));
    }

    [Fact]
    public async Task Issuing_one_certificate_shows_field_errors_then_opens_it_and_its_status_can_change()
    {
        var tag = NewTag();
        var (_, email, password) = await NewStaffAsync();
        await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
        var page = browser.Page;
        await browser.SignInAsync(email, password, "/console/certificates/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Issue a certificate" })).ToBeVisibleAsync();
        await browser.AssertAccessibleAsync();

        await page.GetByLabel("Recipient name").FillAsync($"Katherine Johnson {tag}");
        await page.GetByLabel("Recipient email").FillAsync("not-an-email");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync($"Orbital Mechanics {tag}");
        await page.GetByLabel("Description").FillAsync("Trajectories\nand launch windows");
        await page.GetByLabel("Issued on").FillAsync("2026-03-01");
        await page.GetByLabel("Expires on").FillAsync("2030-03-01");
        await page.GetByLabel("Metadata").FillAsync("grade=A+\ncohort = 2026\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue certificate" }).ClickAsync();
        var emailError = page.Locator("[data-error-for=recipientEmail]");
        await Expect(emailError).ToBeVisibleAsync();
        await Expect(emailError).Not.ToBeEmptyAsync();
        await Expect(page.GetByLabel("Recipient email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page).ToHaveURLAsync(new Regex("/console/certificates/new$"));
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("console-issue-error");

        // A metadata line without '=' is explained next to the field before anything is sent.
        await page.GetByLabel("Recipient email").FillAsync($"katherine-{tag}@example.test");
        await page.GetByLabel("Metadata").FillAsync("grade A");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue certificate" }).ClickAsync();
        await Expect(page.Locator("[data-error-for=metadata]")).ToHaveTextAsync("Line 1: write key=value.");
        await Expect(emailError).ToBeHiddenAsync();

        await page.GetByLabel("Metadata").FillAsync("grade=A+\ncohort = 2026\n");
        await Expect(page.GetByLabel("Email the recipient")).ToBeCheckedAsync();
        await page.GetByLabel("Email the recipient").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue certificate" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DetailAddress);
        var details = page.Locator(".details");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"Orbital Mechanics {tag}");
        await Expect(details).ToContainTextAsync($"katherine-{tag}@example.test");
        await Expect(details).ToContainTextAsync("1 March 2026");
        await Expect(details).ToContainTextAsync("1 March 2030");
        await Expect(details.Locator("dt", new() { HasText = "cohort" }).Locator("xpath=following-sibling::dd[1]")).ToHaveTextAsync("2026");
        await Expect(details.Locator("dt", new() { HasText = "grade" }).Locator("xpath=following-sibling::dd[1]")).ToHaveTextAsync("A+");
        var code = (await details.Locator("dd code").First.TextContentAsync())!.Trim();
        await Expect(details.GetByRole(AriaRole.Link, new() { Name = "Download the signed credential" }))
            .ToHaveAttributeAsync("href", $"/api/certificates/{code}/credential");
        var qr = details.GetByRole(AriaRole.Img, new() { Name = "QR code of the verification page" });
        await Expect(qr).ToHaveAttributeAsync("src", $"/api/certificates/{code}/qr?format=svg&size=4");
        await page.WaitForFunctionAsync("img => img.complete", await qr.ElementHandleAsync());
        Assert.True(await qr.EvaluateAsync<bool>("""
            async img => {
                const response = await fetch(img.src);
                return response.ok && response.headers.get("content-type").startsWith("image/svg+xml");
            }
            """));
        await Expect(page.Locator("#history-heading + p")).ToHaveTextAsync("Nobody has verified it yet.");

        // Issued without the email; sent later from its page, through the outbox to the mail server.
        var notification = page.Locator("[data-notification]");
        await Expect(notification).ToHaveTextAsync("Not emailed");
        using var inbox = topology.Inbox();
        Assert.Empty(await inbox.ToAsync($"katherine-{tag}@example.test"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the email again" }).ClickAsync();
        await Expect(notification).ToHaveTextAsync(new Regex("^(Queued|Sent)$"));
        Assert.Contains($"Orbital Mechanics {tag}", Assert.Single(await inbox.WaitForAsync($"katherine-{tag}@example.test")).Subject);
        await ReloadUntilAsync(page, async () => await notification.TextContentAsync() == "Sent");
        await Expect(notification).ToHaveTextAsync("Sent");
        await Expect(page.Locator("#email-heading + p")).ToContainTextAsync($"to katherine-{tag}@example.test on");

        // Verified twice by someone: the history shows it.
        using (var anonymous = new HttpClient { BaseAddress = topology.NginxUri })
        {
            for (var i = 0; i < 2; i++)
            {
                using var verified = await anonymous.GetAsync($"/api/verify/{code}");
                Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            }
        }

        // Both from this client, so one entry counts both when they were written together.
        var historyTotal = page.Locator("#history-heading + p");
        await ReloadUntilAsync(page, async () => await historyTotal.CountAsync() == 1 && (await historyTotal.TextContentAsync())!.StartsWith("Verified 2 times"));
        await Expect(historyTotal).ToContainTextAsync("Verified 2 times;");
        var times = await page.Locator("table.history tbody tr td:nth-child(6)").AllTextContentsAsync();
        Assert.Equal(2, times.Sum(int.Parse));
        Assert.All(await page.Locator("table.history tbody tr td:nth-child(2)").AllTextContentsAsync(), result => Assert.Equal("valid", result));

        // A reason is required to suspend; then suspend and reinstate.
        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Expect(page.Locator("form[data-api$=suspend] [data-error-for=reason]")).ToBeVisibleAsync();
        await page.GetByLabel("Reason for suspending").FillAsync("Under review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("suspended");
        await Expect(details).ToContainTextAsync("Reason: Under review");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("console-detail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reinstate" }).ClickAsync();
        await Expect(page.Locator("[data-status]")).ToHaveTextAsync("active");
        // The two refused requests (bad email, missing reason) are logged by the browser as failed loads; nothing else.
        Assert.All(browser.ConsoleErrors, error => Assert.Contains("400", error));
        Assert.Equal(2, browser.ConsoleErrors.Count);
    }

    [Fact]
    public async Task The_dashboard_shows_the_issuers_counts_and_a_chart_of_verifications_per_day()
    {
        var (staff, email, password) = await NewStaffAsync();
        using (staff)
        {
            var first = await staff.IssueCertificateAsync(new { recipientName = "Chart One", title = "Charted" });
            var second = await staff.IssueCertificateAsync(new { recipientName = "Chart Two", title = "Charted" });
            await staff.IssueCertificateAsync(new { recipientName = "Chart Three", title = "Charted" });
            using (var revoke = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{second.GetProperty("id").GetGuid()}/revoke", new { reason = "x" }))
            {
                Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            }

            using var anonymous = new HttpClient { BaseAddress = topology.NginxUri };
            for (var i = 0; i < 3; i++)
            {
                using var verified = await anonymous.GetAsync($"/api/verify/{first.GetProperty("code").GetString()}");
                Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            }

            await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
            var page = browser.Page;
            await browser.SignInAsync(email, password);
            await Expect(page).ToHaveURLAsync(new Regex("/console$"));
            await ReloadUntilAsync(page, async () => (await page.Locator("[data-stat=verifications]").TextContentAsync()) == "3");
            await Expect(page.Locator("[data-stat=verifications]")).ToHaveTextAsync("3");
            await Expect(page.Locator("[data-stat=issued]")).ToHaveTextAsync("3");
            await Expect(page.Locator("[data-stat=active]")).ToHaveTextAsync("2");
            await Expect(page.Locator("[data-stat=suspended]")).ToHaveTextAsync("0");
            await Expect(page.Locator("[data-stat=revoked]")).ToHaveTextAsync("1");

            var chart = page.GetByRole(AriaRole.Img, new() { Name = "Verifications per day, last 30 days (UTC)" });
            await Expect(chart).ToBeVisibleAsync();
            await Expect(chart.Locator("rect.bar")).ToHaveCountAsync(30);
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
            await Expect(chart.Locator("rect.bar").Last.Locator("title")).ToHaveTextAsync(new Regex(": 3$"));
            Assert.True(await chart.Locator("rect.bar").Last.EvaluateAsync<double>("r => r.getBBox().height") > 0);
            Assert.Equal(0, await chart.Locator("rect.bar").First.EvaluateAsync<double>("r => r.getBBox().height"));
            var todayLabel = DateTime.UtcNow.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture);
            await Expect(chart.Locator("text.tick", new() { HasTextRegex = new Regex($"^{todayLabel}$") })).ToHaveCountAsync(1);

            await browser.ScreenshotAsync("console-dashboard");
            await page.GetByText("Show the figures as a table").ClickAsync();
            var table = page.Locator("table.chart-table tbody tr");
            await Expect(table).ToHaveCountAsync(30);
            await Expect(table.Last).ToHaveTextAsync($"{today}3");
            await browser.AssertAccessibleAsync();
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await browser.AssertAccessibleAsync(); // contrast holds in the dark scheme too
            await browser.ScreenshotAsync("console-dashboard-dark");
            browser.AssertNoConsoleErrors();
        }
    }

    [Fact]
    public async Task The_list_filters_sorts_and_pages_with_addresses_that_can_be_shared()
    {
        var tag = NewTag();
        var (staff, email, password) = await NewStaffAsync();
        using (staff)
        {
            // 22 rows: Person 01 (oldest) ... Person 22 (newest), every third one revoked.
            var rows = Enumerable.Range(1, 22).Select(i => new
            {
                recipientName = $"Person {i:00} {tag}", title = $"Listed {tag}", issuedAt = new DateTimeOffset(2025, 1, i, 12, 0, 0, TimeSpan.Zero),
            });
            using (var bulk = await staff.SendAsync(HttpMethod.Post, "/api/certificates/bulk", rows))
            {
                Assert.Equal(HttpStatusCode.Created, bulk.StatusCode);
            }

            var all = await staff.GetJsonAsync($"/api/certificates?search={tag}&pageSize=100&sort=issuedAt");
            var ids = all.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
            foreach (var id in ids.Where((_, i) => (i + 1) % 3 == 0))
            {
                using var revoke = await staff.SendAsync(HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "listed" });
                Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            }

            await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
            var page = browser.Page;
            await browser.SignInAsync(email, password, "/console/certificates");
            var form = page.GetByRole(AriaRole.Search, new() { Name = "Find certificates" });
            await form.GetByLabel("Search").FillAsync(tag);
            await form.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"search={tag}"));
            var names = page.Locator("table.certificates tbody tr td:first-child a");
            await Expect(page.GetByText("Showing 1–20 of 22")).ToBeVisibleAsync();
            await Expect(names).ToHaveCountAsync(20);
            await Expect(names.First).ToHaveTextAsync($"Person 22 {tag}"); // newest first
            await browser.AssertAccessibleAsync();
            await browser.ScreenshotAsync("console-list");
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await browser.AssertAccessibleAsync();
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

            await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
            await Expect(page.GetByText("Showing 21–22 of 22")).ToBeVisibleAsync();
            await Expect(names).ToHaveTextAsync([$"Person 02 {tag}", $"Person 01 {tag}"]);

            // Sorting by a column header starts from page 1, A-Z, then Z-A.
            await page.GetByRole(AriaRole.Link, new() { Name = "Recipient" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("sort=recipientName"));
            await Expect(page.Locator("th[aria-sort=ascending]")).ToHaveTextAsync("Recipient");
            await Expect(names.First).ToHaveTextAsync($"Person 01 {tag}");
            await page.GetByRole(AriaRole.Link, new() { Name = "Recipient" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("sort=-recipientName"));
            await Expect(page.Locator("th[aria-sort=descending]")).ToHaveTextAsync("Recipient");
            await Expect(names.First).ToHaveTextAsync($"Person 22 {tag}");

            // Filters: revoked only, issued in the first ten days of January, sorted by the form's order choice.
            await form.GetByLabel("Status").SelectOptionAsync("revoked");
            await form.GetByLabel("Issued from").FillAsync("2025-01-01");
            await form.GetByLabel("Issued to").FillAsync("2025-01-10");
            await form.GetByLabel("Order").SelectOptionAsync(new SelectOptionValue { Label = "Oldest first" });
            await form.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Expect(names).ToHaveTextAsync([$"Person 03 {tag}", $"Person 06 {tag}", $"Person 09 {tag}"]);
            await Expect(page.Locator("table.certificates .status")).ToHaveTextAsync(["revoked", "revoked", "revoked"]);

            // The address is the view: opened afresh, it shows the same.
            var shared = page.Url;
            await using var other = await BrowserPage.OpenAsync(topology.NginxUri);
            await other.SignInAsync(email, password, new Uri(shared).PathAndQuery);
            await Expect(other.Page.Locator("table.certificates tbody tr td:first-child a"))
                .ToHaveTextAsync([$"Person 03 {tag}", $"Person 06 {tag}", $"Person 09 {tag}"]);
            await Expect(other.Page.GetByLabel("Status")).ToHaveValueAsync("revoked");

            // Nothing matches; a date range the wrong way round is explained.
            await form.GetByLabel("Issued from").FillAsync("2025-02-01");
            await form.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Expect(page.Locator(".form-errors")).ToContainTextAsync("must not be after");
            await page.GotoAsync($"/console/certificates?search=nothing-{tag}");
            await Expect(page.GetByText("No certificates match.")).ToBeVisibleAsync();
            browser.AssertNoConsoleErrors();
            other.AssertNoConsoleErrors();
        }
    }

    /// <summary>The preview image's natural size once the newest preview has loaded.</summary>
    private static async Task<(int Width, int Height)> PreviewSizeAsync(ILocator image, int expectedWidth)
    {
        await image.Page.WaitForFunctionAsync("([img, width]) => img.complete && img.naturalWidth === width",
            new object[] { await image.ElementHandleAsync(), expectedWidth });
        return (await image.EvaluateAsync<int>("img => img.naturalWidth"), await image.EvaluateAsync<int>("img => img.naturalHeight"));
    }

    /// <summary>Waits until the preview's top-left pixel, outside the frame, is the page's <paramref name="colour"/> (#rrggbb).</summary>
    private static async Task WaitForPreviewCornerAsync(ILocator image, string colour) =>
        await image.Page.WaitForFunctionAsync("""
            ([img, colour]) => {
                if (!img.complete || img.naturalWidth === 0) return false;
                const canvas = document.createElement("canvas");
                canvas.width = canvas.height = 8;
                const context = canvas.getContext("2d");
                context.drawImage(img, 0, 0);
                const [r, g, b] = context.getImageData(4, 4, 1, 1).data;
                return "#" + [r, g, b].map(c => c.toString(16).padStart(2, "0")).join("") === colour;
            }
            """, new object[] { await image.ElementHandleAsync(), colour });

    [Fact]
    public async Task A_template_is_designed_with_a_live_preview_and_what_is_saved_comes_back_and_prints()
    {
        var tag = NewTag();
        var (staff, email, password) = await NewStaffAsync();
        using (staff)
        {
            await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
            var page = browser.Page;
            await browser.SignInAsync(email, password, "/console");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Templates" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/console/templates$"));
            await page.GetByRole(AriaRole.Link, new() { Name = "New template" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/console/templates/new$"));

            // The default page at once, landscape.
            var image = page.GetByRole(AriaRole.Img, new() { Name = "A sample certificate with this design" });
            await Expect(image).ToHaveAttributeAsync("src", new Regex("^blob:"));
            Assert.Equal((842, 595), await PreviewSizeAsync(image, 842));
            await Expect(page.GetByLabel("Page: Accent colour", new() { Exact = true })).ToHaveAttributeAsync("placeholder", "#1F3A5F");
            await browser.AssertAccessibleAsync();

            // Each change is drawn again by the server.
            var before = await image.GetAttributeAsync("src");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Gala {tag}");
            await page.GetByLabel("Page: Accent colour", new() { Exact = true }).FillAsync("#7A1F5C");
            await Expect(image).Not.ToHaveAttributeAsync("src", before!);
            before = await image.GetAttributeAsync("src");
            await page.Locator("details[data-field=title] summary").ClickAsync();
            await page.GetByLabel("Title: Text size (pt)").FillAsync("40");
            await page.GetByLabel("Title: Alignment").SelectOptionAsync("left");
            await page.GetByLabel("Title: X (pt)").FillAsync("90");
            await Expect(image).Not.ToHaveAttributeAsync("src", before!);
            await page.Locator("details[data-field=qr] summary").ClickAsync();
            await page.GetByLabel("QR code: Printed").UncheckAsync();
            await page.GetByLabel("Page: Orientation").SelectOptionAsync("portrait");
            Assert.Equal((595, 842), await PreviewSizeAsync(image, 595));
            // Defaults follow the page: the title's default width is the portrait page's.
            await Expect(page.GetByLabel("Title: Width (pt)")).ToHaveAttributeAsync("placeholder", "435");

            // The JSON holds what the controls set; a key of one's own is kept, and a value the renderer would ignore
            // is named by the preview and marked on its control.
            var json = page.GetByLabel("Design JSON");
            var design = JsonNode.Parse(await json.InputValueAsync())!.AsObject();
            Assert.Equal("#7A1F5C", (string?)design["accentColor"]);
            Assert.Equal("portrait", (string?)design["orientation"]);
            Assert.Equal(40, (double?)design["fields"]!["title"]!["size"]);
            Assert.False((bool?)design["fields"]!["qr"]!["visible"]);
            design["ribbon"] = new JsonObject { ["style"] = "gold" };
            design["fields"]!["title"]!["size"] = 400;
            await json.FillAsync(design.ToJsonString());
            var problems = page.Locator("[data-preview-problems]");
            await Expect(problems).ToHaveTextAsync("fields.title.size must be a number from 4 to 144.");
            await Expect(page.GetByLabel("Title: Text size (pt)")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(image).ToHaveClassAsync(new Regex("stale"));
            await page.GetByLabel("Title: Text size (pt)").FillAsync("40");
            await Expect(problems).ToBeHiddenAsync();
            await Expect(image).Not.ToHaveClassAsync(new Regex("stale"));
            Assert.Equal("gold", (string?)JsonNode.Parse(await json.InputValueAsync())!["ribbon"]!["style"]);

            // JSON that does not parse disables the controls until it does.
            await json.FillAsync("{ \"orientation\": ");
            await Expect(page.Locator("[data-error-for=design]")).ToContainTextAsync("not valid JSON");
            await Expect(page.GetByLabel("Page: Orientation")).ToBeDisabledAsync();
            await json.FillAsync(design.ToJsonString().Replace("400", "40"));
            await Expect(page.GetByLabel("Page: Orientation")).ToBeEnabledAsync();
            await Expect(page.Locator("[data-error-for=design]")).ToBeHiddenAsync();
            // The page's colour, read from the preview's pixels: white, then the colour chosen.
            await WaitForPreviewCornerAsync(image, "#ffffff");
            await page.GetByLabel("Page: Background colour", new() { Exact = true }).FillAsync("#FFFDF5");
            await WaitForPreviewCornerAsync(image, "#fffdf5");
            Assert.Equal((595, 842), await PreviewSizeAsync(image, 595));
            await browser.AssertAccessibleAsync();
            await page.EvaluateAsync("() => { document.activeElement.blur(); window.scrollTo(0, 0); }");
            await browser.ScreenshotAsync("console-template-editor");

            // Saved through the API, then shown again as saved.
            await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/console/templates/[0-9a-f-]{36}\\?saved=true$"));
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Gala {tag}");
            await Expect(page.GetByLabel("Page: Accent colour", new() { Exact = true })).ToHaveValueAsync("#7A1F5C");
            await Expect(page.GetByLabel("Page: Orientation")).ToHaveValueAsync("portrait");
            await Expect(page.GetByLabel("Title: Text size (pt)")).ToHaveValueAsync("40");
            await Expect(page.GetByLabel("Title: Alignment")).ToHaveValueAsync("left");
            await Expect(page.GetByLabel("QR code: Printed")).Not.ToBeCheckedAsync();
            await Expect(page.GetByLabel("Active")).ToBeCheckedAsync();
            Assert.Equal((595, 842), await PreviewSizeAsync(image, 595));
            var id = Guid.Parse(Regex.Match(page.Url, "[0-9a-f-]{36}").Value);
            var stored = (await staff.GetJsonAsync($"/api/templates/{id}")).GetProperty("design");
            Assert.Equal("gold", stored.GetProperty("ribbon").GetProperty("style").GetString());
            Assert.Equal(90, stored.GetProperty("fields").GetProperty("title").GetProperty("x").GetDouble());
            await browser.AssertAccessibleAsync();

            // A certificate issued with it is printed on the page the editor showed.
            var code = (await staff.IssueCertificateAsync(new { recipientName = $"Ada {tag}", title = "Gala", templateId = id })).GetProperty("code").GetString();
            using var anonymous = new HttpClient { BaseAddress = topology.NginxUri };
            Assert.Equal((1190, 1684), Png.AssertSize(await anonymous.GetByteArrayAsync($"/api/certificates/{code}/png")));

            // The one refused preview (the title too large) is the only error the browser logged.
            Assert.All(browser.ConsoleErrors, error => Assert.Contains("400", error));
            Assert.Single(browser.ConsoleErrors);
        }
    }

    [Fact]
    public async Task Templates_are_listed_deactivated_and_deleted_unless_certificates_use_them()
    {
        // Deleting a template in use is refused by the certificates' foreign key: EF Core logs the violation before the
        // API answers 409.
        topology.Errors.Allow("\"FK_certificates_templates_TemplateId\"");
        var tag = NewTag();
        var (staff, email, password) = await NewStaffAsync();
        using (staff)
        {
            async Task<Guid> CreateAsync(string name)
            {
                using var created = await staff.SendAsync(HttpMethod.Post, "/api/templates", new { name, description = $"For {name}", design = new { accentColor = "#146C2E" } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }

            var used = await CreateAsync($"Used {tag}");
            var unused = await CreateAsync($"Unused {tag}");
            await staff.IssueCertificateAsync(new { recipientName = $"Grace {tag}", title = "Templated", templateId = used });

            await using var browser = await BrowserPage.OpenAsync(topology.NginxUri);
            var page = browser.Page;
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await browser.SignInAsync(email, password, "/console/templates");
            var usedRow = page.Locator("table.templates tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = $"Used {tag}", Exact = true }) });
            await Expect(usedRow).ToContainTextAsync("Active");
            await Expect(usedRow.GetByRole(AriaRole.Link, new() { Name = $"1 certificate uses Used {tag}" })).ToHaveAttributeAsync("href", $"/console/certificates?templateId={used}");
            await Expect(usedRow).ToContainTextAsync($"For Used {tag}");
            await browser.AssertAccessibleAsync();

            // Deactivated from the list: name, description and design stay, and it is no longer offered when issuing.
            await usedRow.GetByRole(AriaRole.Button, new() { Name = $"Deactivate Used {tag}" }).ClickAsync();
            await Expect(usedRow).ToContainTextAsync("Inactive");
            var stored = await staff.GetJsonAsync($"/api/templates/{used}");
            Assert.False(stored.GetProperty("active").GetBoolean());
            Assert.Equal($"For Used {tag}", stored.GetProperty("description").GetString());
            Assert.Equal("#146C2E", stored.GetProperty("design").GetProperty("accentColor").GetString());
            await browser.ScreenshotAsync("console-templates");
            await page.GotoAsync("/console/certificates/new");
            await Expect(page.GetByLabel("Template").Locator("option", new() { HasTextRegex = new Regex($"^Used {tag}$") })).ToHaveCountAsync(0);
            await Expect(page.GetByLabel("Template").Locator("option", new() { HasText = $"Unused {tag}" })).ToHaveCountAsync(1);

            // A template in use cannot be deleted: the API's reason is shown.
            await page.GotoAsync($"/console/templates/{used}");
            await Expect(page.GetByLabel("Active")).Not.ToBeCheckedAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete template" }).ClickAsync();
            await Expect(page.Locator("form[data-method=DELETE] .form-errors")).ToContainTextAsync("Certificates use this template");
            await Expect(page).ToHaveURLAsync(new Regex($"/console/templates/{used}$"));
            await browser.AssertAccessibleAsync();

            // An unused one can.
            await page.GotoAsync($"/console/templates/{unused}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete template" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/console/templates$"));
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Unused {tag}", Exact = true })).ToHaveCountAsync(0);
            using var gone = await staff.Client.GetAsync($"/api/templates/{unused}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

            // The 409 of the refused delete is the only error the browser logged.
            Assert.All(browser.ConsoleErrors, error => Assert.Contains("409", error));
            Assert.Single(browser.ConsoleErrors);
        }
    }
}
