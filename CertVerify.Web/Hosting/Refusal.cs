namespace CertVerify.Web.Hosting;

/// <summary>
/// A rule's "no", said without HTTP: the plain classes that hold the rules return it and the endpoints map it to a
/// problem answer (<see cref="OutcomeResults"/>). <see cref="Fields"/> names what was wrong when it is Invalid.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Detail, IReadOnlyList<(string Field, string Error)> Fields)
{
    /// <summary>How long to wait before trying again, when TooManyRequests.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Refusal Invalid(string field, string error) => Invalid([(field, error)]);

    public static Refusal Invalid(IReadOnlyList<(string Field, string Error)> errors) =>
        new(RefusalKind.Invalid, errors[0].Error, errors);

    public static Refusal Forbidden(string detail) => new(RefusalKind.Forbidden, detail, []);

    public static Refusal NotFound(string what) => new(RefusalKind.NotFound, $"No such {what}.", []);

    public static Refusal Conflict(string detail) => new(RefusalKind.Conflict, detail, []);

    public static Refusal TooLarge(string detail) => new(RefusalKind.TooLarge, detail, []);

    public static Refusal TooManyRequests(string detail, TimeSpan retryAfter) =>
        new(RefusalKind.TooManyRequests, detail, []) { RetryAfter = retryAfter };

    public static Refusal UnsupportedType(string detail) => new(RefusalKind.UnsupportedType, detail, []);
}
