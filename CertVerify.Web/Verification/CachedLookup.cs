using CertVerify.Web.Hosting;
using CertVerify.Web.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CertVerify.Web.Verification;

/// <summary>A cached lookup: the certificate, or null for a code that does not exist.</summary>
public sealed record CachedLookup(CertificateSnapshot? Certificate);
