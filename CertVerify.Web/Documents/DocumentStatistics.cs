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

/// <summary>A replica's documents since it started; <c>RenderMilliseconds</c> is the time spent drawing them (no queueing, database or network).</summary>
public sealed record DocumentStatistics(long Rendered, double RenderMilliseconds, long ServedFromCache, long Rejected, int MaxConcurrentRenders);
