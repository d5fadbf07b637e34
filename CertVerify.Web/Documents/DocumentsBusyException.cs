
namespace CertVerify.Web.Documents;

/// <summary>No render slot came free within the queue timeout: the caller should answer 503 and come back later.</summary>
public sealed class DocumentsBusyException(TimeSpan retryAfter) : Exception("Too many documents are being rendered.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
