namespace CertVerify.Web.Accounts;

/// <summary>What became of a password attempt: it matched, it did not, or it was not tried and must wait <see cref="WaitFor"/>.</summary>
public readonly record struct PasswordAttempt(bool Matched, TimeSpan? WaitFor)
{
    public static PasswordAttempt Right => new(true, null);

    public static PasswordAttempt Wrong => new(false, null);

    public static PasswordAttempt Wait(TimeSpan delay) => new(false, delay);
}
