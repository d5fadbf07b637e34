namespace CertVerify.Web.Mail;

/// <summary>When a refused message is tried again: the delay doubles each attempt, up to a ceiling, with ±20% jitter so that messages refused together spread out.</summary>
public static class RetrySchedule
{
    public static TimeSpan Delay(int attempts, MailOptions options, double jitter)
    {
        var doubled = options.RetryDelaySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromSeconds(Math.Min(doubled, options.MaxRetryDelaySeconds) * (0.8 + 0.4 * jitter));
    }
}
