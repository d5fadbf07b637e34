namespace CertVerify.Tests.Browser;

/// <summary>The accessibility check the browser tests rely on finds what it is there to find.</summary>
[Trait("Tier", "Unit")]
public sealed class BrowserPageTests
{
    [Fact]
    public async Task The_accessibility_check_fails_on_a_page_with_a_serious_violation()
    {
        await using var browser = await BrowserPage.OpenAsync(new Uri("http://127.0.0.1/"));
        await browser.Page.SetContentAsync("""<!doctype html><html lang="en"><head><title>t</title></head><body><main><img src="data:,"></main></body></html>""");

        var failure = await Assert.ThrowsAnyAsync<Exception>(browser.AssertAccessibleAsync);

        Assert.Contains("image-alt", failure.Message);
    }

    [Fact]
    public async Task The_accessibility_check_passes_a_page_without_one()
    {
        await using var browser = await BrowserPage.OpenAsync(new Uri("http://127.0.0.1/"));
        await browser.Page.SetContentAsync("""<!doctype html><html lang="en"><head><title>t</title></head><body><main><img src="data:," alt="A seal"></main></body></html>""");

        await browser.AssertAccessibleAsync();
    }
}
