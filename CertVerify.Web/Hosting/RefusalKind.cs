namespace CertVerify.Web.Hosting;

/// <summary>Why a rule said no; each maps to one HTTP status (<see cref="Problems.For"/>).</summary>
public enum RefusalKind
{
    /// <summary>A field's value breaks a rule: 400 naming the field.</summary>
    Invalid,

    /// <summary>The caller may not do this to this thing: 403.</summary>
    Forbidden,

    /// <summary>There is no such thing: 404.</summary>
    NotFound,

    /// <summary>The thing's current state does not allow it: 409.</summary>
    Conflict,

    /// <summary>More than a limit allows: 413.</summary>
    TooLarge,

    /// <summary>A kind of content that is not accepted: 415.</summary>
    UnsupportedType,

    /// <summary>Too many attempts: 429 with Retry-After.</summary>
    TooManyRequests,
}
