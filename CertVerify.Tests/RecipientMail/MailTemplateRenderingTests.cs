using CertVerify.Web.Mail;
using CertVerify.Web.RecipientMail;

namespace CertVerify.Tests.RecipientMail;

/// <summary>Recipient mail templates as plain rules: rendering (encoding, the layout, the default wording) and what a template may be.</summary>
[Trait("Tier", "Unit")]
public sealed class MailTemplateRenderingTests
{
    private const string BaseUrl = "https://verify.example.org";
    private static readonly MailBranding Branding = new("Example <University>", null);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string> Values(string recipientName = "Ada Lovelace") =>
        new(RecipientMailValues.Sample("Example <University>", BaseUrl, Now)) { [MailPlaceholders.RecipientName] = recipientName };

    [Fact]
    public void A_hostile_recipient_name_is_encoded_in_the_html_and_left_as_written_in_the_text()
    {
        const string Hostile = "<img src=x onerror=alert(1)> & \"Bob\"";
        var mail = MailTemplateRenderer.Render(MailTemplateDefaults.For(MailKind.CertificateIssued), Values(Hostile), Branding);

        Assert.DoesNotContain("<img src=x", mail.Html);
        Assert.Contains("Hello &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bob&quot;,", mail.Html);
        Assert.Contains("Example &lt;University&gt;", mail.Html); // in the layout too
        Assert.Contains($"Hello {Hostile},", mail.Text);
    }

    [Fact]
    public void A_line_break_in_a_value_never_reaches_the_subject()
    {
        var mail = MailTemplateRenderer.Render(new MailTemplateText("For {{recipientName}}", "t", "h"), Values("Eve\r\nBcc: victim@example.org"), Branding);

        Assert.Equal("For Eve  Bcc: victim@example.org", mail.Subject);
    }

    [Theory]
    [InlineData("Hello\r\nBcc: victim@example.org")]
    [InlineData("Hello\nthere")]
    [InlineData("Hello\rthere")]
    public void A_subject_of_more_than_one_line_is_refused(string subject)
    {
        var (text, errors) = MailTemplateRules.Check(new MailTemplateRequest(subject, "Body", "<p>Body</p>"));

        Assert.Null(text);
        Assert.Contains(errors, e => e.Field == "subject" && e.Error.Contains("one line"));
    }

    [Fact]
    public void Unknown_placeholders_empty_parts_and_over_long_parts_are_refused_by_field()
    {
        var (_, errors) = MailTemplateRules.Check(new MailTemplateRequest(" ", "Hi {{recipient}} {{ recipientName }}", new string('x', MailTemplateLimits.HtmlLength + 1)));

        Assert.Equal(["html", "subject", "text"], errors.Select(e => e.Field).Distinct().Order());
        Assert.Contains(errors, e => e.Field == "text" && e.Error.StartsWith("Unknown placeholder {{recipient}}"));
        Assert.DoesNotContain(errors, e => e.Error.Contains("{{ recipientName }}")); // spaces inside the braces are fine
    }

    [Fact]
    public void The_default_issued_mail_says_what_it_said_before_templates()
    {
        var values = Values();
        var mail = MailTemplateRenderer.Render(MailTemplateDefaults.For(MailKind.CertificateIssued), values, Branding);

        Assert.Equal("Example <University>: your certificate \"Certificate of Completion\"", mail.Subject);
        Assert.Equal($"""
            Hello Ada Lovelace,

            Example <University> has issued you a certificate: Certificate of Completion.

            Anyone can check it here: {BaseUrl}/verify/{values[MailPlaceholders.Code]}
            Download it as a PDF: {BaseUrl}/api/certificates/{values[MailPlaceholders.Code]}/pdf
            Its code is {values[MailPlaceholders.Code]}.

            To keep it with your other certificates and choose who sees it, claim it (this link proves the address is yours): {BaseUrl}/account/claim?token=sample
            """, mail.Text);
        Assert.Contains($"<a href=\"{BaseUrl}/verify/{values[MailPlaceholders.Code]}\">Check it</a>", mail.Html);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_default_is_a_valid_template_with_no_placeholder_left(MailKind kind)
    {
        var template = MailTemplateDefaults.For(kind);
        Assert.Empty(MailTemplateRules.Check(new MailTemplateRequest(template.Subject, template.Text, template.Html)).Errors);

        var mail = MailTemplateRenderer.Render(template, Values(), Branding);
        Assert.DoesNotContain("{{", mail.Subject + mail.Text + mail.Html);
    }

    [Fact]
    public void The_layout_shows_the_logo_by_its_public_address_or_else_the_name()
    {
        var logo = MailTemplateRenderer.Render(new MailTemplateText("S", "T", "<p>Body</p>"), Values(),
            new MailBranding("Example", "https://verify.example.org/api/organisation/logo?v=abc&x=1"));
        var name = MailTemplateRenderer.Render(new MailTemplateText("S", "T", "<p>Body</p>"), Values(), new MailBranding("Example", null));

        Assert.Contains("<img src=\"https://verify.example.org/api/organisation/logo?v=abc&amp;x=1\" alt=\"Example\"", logo.Html);
        Assert.DoesNotContain("<img", name.Html);
        Assert.Contains("<strong style=\"font-size:20px\">Example</strong>", name.Html);
    }

    public static TheoryData<MailKind> Kinds => new(MailTemplateDefaults.Kinds);
}
