using CertVerify.Tests.Topology;

namespace CertVerify.Tests.Faults;

/// <summary>
/// The fault tests' topology, which the hostile request corpus shares (it compares the whole database before and after,
/// so no test may run beside it on the same topology; here none does). Their load comes through Nginx, all from
/// 127.0.0.1, and their issuing from one API key, so the verification, per-caller and sign-in limits (and the
/// password-guessing delays) are out of the way
/// (the shared topology's tests trip them, and here a 429 would only hide what a hostile request itself gets). The
/// registration limit stays: the Redis outage test trips it, from a client address of its own. The mail senders retry
/// an SMTP server that went away within 2 s (MailOutboxFaultTests). Renders
/// have few slots and a short queue, so that a burst of previews overflows them (RenderOverloadTests).
/// </summary>
public sealed class FaultsTopologyFixture : TopologyFixture
{
    public FaultsTopologyFixture()
        : base(new Dictionary<string, string>
        {
            ["RateLimits:VerifyPerMinute"] = "1000000",
            ["RateLimits:UserPerMinute"] = "1000000",
            ["RateLimits:LoginPerMinute"] = "1000000",
            // The corpus gives the Admin's wrong current password many times over: each must reach the check, not wait
            // out the password-guessing delays (the shared topology's tests trip those).
            ["Lockout:FreeAttempts"] = "1000000",
            ["Documents:MaxConcurrentRenders"] = "2",
            ["Documents:QueueTimeoutSeconds"] = "0.2",
            // MailOutboxFaultTests stops the SMTP server: the senders try again within 2 s of its return, not 30.
            ["Mail:MaxReconnectDelaySeconds"] = "2",
        })
    {
        // These tests stop Redis and PostgreSQL and kill replicas on purpose: the clients of both log each failed
        // connection and command as an error. An unhandled exception (ExceptionHandlerMiddleware) or a crash is still
        // unexpected, and PostgresOutageTests looks for those in the replicas' output itself.
        Errors.Allow("fail: StackExchange.Redis", "fail: Microsoft.EntityFrameworkCore", "fail: Npgsql");
    }
}

/// <summary>
/// A topology of its own for the tests that kill, stop and restart its parts (replicas, PostgreSQL, Redis), so that
/// they disturb no other test: collections run in parallel. The hostile request corpus runs here too, for the same reason. Its tests run one after another, each leaving every
/// resource running and healthy for the next. One topology for all of them, not one each: these two cores run every
/// collection's topology at once, and this collection stays shorter than the shared one.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsTopologyFixture>
{
    public const string Name = "Faults";
}
