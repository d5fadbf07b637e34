namespace CertVerify.Tests.Support;

/// <summary>
/// The in-process tests of identity (auth, users, API keys, audit), hosting and the organisation: one instance of their own, so that they run alongside the other collections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class IdentityInProcess : ICollectionFixture<InProcessFixture>
{
    public const string Name = "In process: identity";
}
