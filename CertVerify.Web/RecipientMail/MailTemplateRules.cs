namespace CertVerify.Web.RecipientMail;

/// <summary>What a mail template must be: every part present and within its length, only known placeholders, and a subject of one line (a line break in a header would start another header).</summary>
public static class MailTemplateRules
{
    /// <summary>The wording, or every field that is wrong and why.</summary>
    public static (MailTemplateText? Text, IReadOnlyList<(string Field, string Error)> Errors) Check(MailTemplateRequest request)
    {
        var errors = new List<(string Field, string Error)>();
        Part(errors, "subject", request.Subject, MailTemplateLimits.SubjectLength);
        Part(errors, "text", request.Text, MailTemplateLimits.TextLength);
        Part(errors, "html", request.Html, MailTemplateLimits.HtmlLength);
        if (request.Subject is { } subject && subject.Any(char.IsControl))
        {
            errors.Add(("subject", "The subject must be one line: no line breaks or other control characters."));
        }

        return errors.Count > 0 ? (null, errors) : (new MailTemplateText(request.Subject!.Trim(), request.Text!, request.Html!), errors);
    }

    private static void Part(List<(string Field, string Error)> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((field, "Required."));
            return;
        }

        if (value.Length > maxLength)
        {
            errors.Add((field, $"At most {maxLength:N0} characters."));
        }

        foreach (var unknown in MailPlaceholders.Unknown(value))
        {
            errors.Add((field, $"Unknown placeholder {unknown}: use {string.Join(", ", MailPlaceholders.Descriptions.Keys.Select(k => $"{{{{{k}}}}}"))}."));
        }
    }
}
