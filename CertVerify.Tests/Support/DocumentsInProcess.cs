namespace CertVerify.Tests.Support;

/// <summary>
/// The in-process tests of documents, credentials and template previews (the CPU-heavy renders): one instance of their own, so that they run alongside the other collections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DocumentsInProcess : ICollectionFixture<InProcessFixture>
{
    public const string Name = "In process: documents";
}
