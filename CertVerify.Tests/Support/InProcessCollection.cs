namespace CertVerify.Tests.Support;

/// <summary>
/// Every in-process test class shares one instance. The suite is CPU-bound on two cores: a second instance would run
/// alongside this one only by taking the cores from another collection, and each costs its own start.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InProcessCollection : ICollectionFixture<InProcessFixture>
{
    public const string Name = "In process";
}
