using System.Security.Cryptography;
using System.Text;
using CertVerify.Web.Certificates;
using CertVerify.Web.Credentials;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using CertVerify.Web.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Documents;

/// <summary>No render slot came free within the queue timeout: the caller should answer 503 and come back later.</summary>
public sealed class DocumentsBusyException(TimeSpan retryAfter) : Exception("Too many documents are being rendered.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
