using CertVerify.Tests.Topology;

namespace CertVerify.Tests.Browser;

/// <summary>
/// The browser tests get a topology of their own: they are the longest tests, and on the shared topology they ran one
/// after another with every API test. Collections run in parallel, so this one overlaps the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "Browser";
}
