namespace CertVerify.Tests.Support;

/// <summary>
/// The in-process tests of certificates, verification, templates and pages: one instance of their own, so that they run alongside the other collections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CertificatesInProcess : ICollectionFixture<InProcessFixture>
{
    public const string Name = "In process: certificates";
}
