using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CertVerify.Tests.Browser;

/// <summary>
/// A page in Debian's Chromium (headless, offline, fake camera), in a browser context of its own: its own cookies,
/// so each test signs in as whom it needs. Console errors are collected; screenshots go to artifacts/screenshots.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Launching = new(1, 1);
    private static IPlaywright? s_playwright;
    private static IBrowser? s_browser;

    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        (_context, Page) = (context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") _consoleErrors.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => _consoleErrors.Add($"{page.Url}: {error}");
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors => _consoleErrors;

    public static async Task<BrowserPage> OpenAsync(Uri baseUrl)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Permissions = ["camera"],
        });
        context.SetDefaultTimeout(15_000);
        return new BrowserPage(context, await context.NewPageAsync());
    }

    private static async Task<IBrowser> BrowserAsync()
    {
        await Launching.WaitAsync();
        try
        {
            s_playwright ??= await Playwright.CreateAsync();
            return s_browser ??= await s_playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                ],
            });
        }
        finally
        {
            Launching.Release();
        }
    }

    /// <summary>
    /// Signs in through the sign-in page, as a person would. The API's answer is asserted on before the page is
    /// awaited: a refused sign-in then fails with its status and problem, not as a navigation that never came.
    /// </summary>
    public async Task SignInAsync(string email, string password, string? returnUrl = null)
    {
        await Page.GotoAsync(returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        var answer = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/api/auth/login", StringComparison.Ordinal));
        if (!answer.Ok)
        {
            // Read only on a refusal: after a success the page navigates away, and the body goes with it.
            Assert.Fail($"Sign-in as {email} in the browser answered {answer.Status}: {await answer.TextAsync()}");
        }

        await Page.WaitForURLAsync(url => !url.Contains("/account/login"));
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    /// <summary>
    /// axe-core's WCAG 2.x A and AA rules: no serious or critical violation. Run in the page itself (axe's "legacy"
    /// mode, on the whole document): the default mode finishes every run in a new blank page with a second copy of
    /// axe-core, five times the cost of a check here (54 s against 11 s for the same 16 checks, taken in turns), and it
    /// exists for cross-origin frames, which our pages do not have.
    /// </summary>
    public async Task AssertAccessibleAsync()
    {
#pragma warning disable CS0618 // Marked obsolete by Deque.AxeCore.Playwright with no replacement of the same cost (above).
        var result = await Page.Locator("html").RunAxeLegacy(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            // Only violations are asserted on: axe then skips describing every passing node, most of its work.
            ResultTypes = [ResultType.Violations],
        });
#pragma warning restore CS0618
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}").ToList();
        Assert.True(serious.Count == 0, $"Accessibility violations on {Page.Url}:\n{string.Join("\n", serious)}");
    }

    public void AssertNoConsoleErrors() =>
        Assert.True(_consoleErrors.Count == 0, $"Console errors:\n{string.Join("\n", _consoleErrors)}");

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
