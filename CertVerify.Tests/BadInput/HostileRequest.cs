namespace CertVerify.Tests.BadInput;

/// <summary>Who sends a hostile request: nobody, or the signed-in Admin (who can reach every endpoint).</summary>
public enum Sender { Anonymous, Admin }

/// <summary>Where it goes: the public entry point, or one replica directly (what Nginx forwards must be answered the same).</summary>
public enum Via { Nginx, Replica }

/// <summary>
/// What a hostile request must get. By default a 4xx problem: <c>application/problem+json</c> whose <c>status</c> is the
/// response's, exactly <see cref="Status"/> when given. <see cref="Page"/>: a page that explains the refusal to people on
/// an HTML 4xx page of its own may answer that instead. <see cref="Ignored"/>: the endpoint ignores the hostile part by
/// design, so a 2xx is right (and the database must still be unchanged). <see cref="NotEchoed"/> must not come back.
/// </summary>
public sealed record Expectation(int? Status = null, bool Page = false, bool Ignored = false, string? NotEchoed = null)
{
    public static readonly Expectation Refused = new();

    public static Expectation Exactly(int status) => new(Status: status);
}

/// <summary>One request of the corpus; <see cref="Endpoint"/> is the route as the authorization matrix names it.</summary>
public sealed record HostileRequest(string Endpoint, string Variant, string Method, string Path, Sender Sender)
{
    /// <summary>A fresh body for each send.</summary>
    public Func<HttpContent?> Body { get; init; } = () => null;

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public Expectation Expect { get; init; } = Expectation.Refused;

    /// <summary>Null until the corpus decides.</summary>
    public Via? Via { get; init; }

    /// <summary>Whether the signed-in Admin adds its CSRF token to an unsafe request.</summary>
    public bool Csrf { get; init; } = true;

    /// <summary>Bytes written as they are to Nginx on a connection of their own: requests HttpClient refuses to make.</summary>
    public byte[]? Raw { get; init; }

    public override string ToString() =>
        $"{Method} {(Path.Length > 120 ? Path[..120] + "..." : Path)} [{Variant}] as {Sender} via {Via}";
}

/// <summary>Real resources the corpus aims at, so that a hostile request let through would change something.</summary>
public sealed record CorpusTargets(
    Guid RecipientId, Guid TemplateId, Guid ActiveCertificateId, Guid SuspendedCertificateId, Guid ApiKeyId);
