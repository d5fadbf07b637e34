using CertVerify.Tests.Faults;
using CertVerify.Tests.Topology;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("CertVerify.Tests.Support.TopologiesFirst", "CertVerify.Tests")]

namespace CertVerify.Tests.Support;

/// <summary>
/// Starts the two topology collections first, side by side, and the rest after them, in name order. xunit runs as
/// many collections at a time as it has threads (two), each to its end; the fault tests spend much of their time
/// waiting for a replica, PostgreSQL or Redis to come back, and started last (as the default order had it) they were
/// the last minutes of the run with nothing beside them to use the cores.
/// </summary>
public sealed class TopologiesFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [FaultsCollection.Name, TopologyCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => Array.IndexOf(First, c.DisplayName) is var i and >= 0 ? i : First.Length)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
