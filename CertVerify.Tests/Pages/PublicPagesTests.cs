using System.Net;

namespace CertVerify.Tests.Pages;

/// <summary>The server-rendered verification pages, fetched as a browser without JavaScript would.</summary>
[Trait("Tier", "InProcess")]
[Collection(InProcessCollection.Name)]
public sealed class PublicPagesTests(InProcessFixture app)
{
    /// <summary>A browser without JavaScript: it sees redirects rather than following them.</summary>
    private HttpClient Browser() => app.CreateClient();

    private async Task<(string Id, string Code)> IssueAsync(object body)
    {
        using var staff = await app.SignInNewUserAsync("Staff");
        var issued = await staff.IssueCertificateAsync(body);
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("code").GetString()!);
    }

    [Fact]
    public async Task The_home_page_leads_to_the_verify_form()
    {
        using var browser = Browser();
        using var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/verify", home.Headers.Location?.OriginalString);

        using var form = await browser.GetAsync("/verify");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"code\">", html);
        Assert.Contains("<form method=\"get\" action=\"/verify\"", html);
    }

    [Fact]
    public async Task The_form_sends_the_browser_to_the_verdicts_own_address()
    {
        var (_, code) = await IssueAsync(new { recipientName = "Grace Hopper", title = "Compilers" });
        using var browser = Browser();
        using var response = await browser.GetAsync($"/verify?code={Uri.EscapeDataString(code.ToLowerInvariant().Replace("-", " "))}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/verify/{code}", response.Headers.Location?.OriginalString);

        using var bad = await browser.GetAsync("/verify?code=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("role=\"alert\"", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_verdict_is_unmistakable_and_text_is_escaped()
    {
        var (id, code) = await IssueAsync(new { recipientName = "<script>alert(1)</script> Ada", title = "Engines", recipientEmail = "ada@example.test" });
        using var browser = Browser();

        var valid = await browser.GetStringAsync($"/verify/{code}");
        Assert.Contains("This certificate is valid.", valid);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Ada", valid);
        Assert.DoesNotContain("<script>alert(1)</script>", valid);
        Assert.DoesNotContain("ada@example.test", valid);
        Assert.Contains($"/api/certificates/{code}/qr", valid);

        var (email, password, _) = await app.CreateUserAsync("Admin");
        using var admin = await app.SignInAsync(email, password);
        using (await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "Plagiarism <b>found</b>" }))
        {
        }

        var revoked = await browser.GetStringAsync($"/verify/{code}");
        Assert.Contains("This certificate has been revoked and is not valid.", revoked);
        Assert.Contains("Plagiarism &lt;b&gt;found&lt;/b&gt;", revoked);

        using var unknown = await browser.GetAsync("/verify/CV-0000-0000-0000-0000-0000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No certificate has this code.", await unknown.Content.ReadAsStringAsync());

        using var malformed = await browser.GetAsync("/verify/not-a-code");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Pages_load_nothing_from_other_sites_and_the_stylesheet_is_served()
    {
        using var browser = Browser();
        var html = await browser.GetStringAsync("/verify");
        Assert.DoesNotContain("http://", html.Replace(app.BaseAddress.ToString().TrimEnd('/'), ""));
        var stylesheet = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/css/site[^\"]*\\.css[^\"]*)\"").Groups[1].Value;
        using var css = await browser.GetAsync(stylesheet);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }
}
