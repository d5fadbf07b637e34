using CertVerify.AppHost.Infrastructure;
using CertVerify.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Containers where a container runtime answers, host binaries otherwise (Infrastructure:Mode overrides).
var infrastructure = builder.ResolveInfrastructureMode();

var database = builder.AddCertVerifyDatabase(infrastructure);
var redis = builder.AddCertVerifyRedis(infrastructure);

// RDF canonicalization for the credentials' Data Integrity proofs: a stateless Node service that holds no key.
var canonicalizer = builder.AddCanonicalizer(infrastructure);

// Outgoing mail: smtp4dev locally (its inbox linked from the dashboard), the real SMTP server's connection string when published.
var mail = builder.AddMailServer(infrastructure);

// Web:Replicas stateless replicas (web-1 ... web-N), each its own upstream server for Nginx; 0 leaves the three above alone.
var web = builder.AddWebReplicas(database, redis, canonicalizer, mail);

// The certificate that encrypts the replicas' Data Protection key ring in PostgreSQL.
web.WithKeyProtection(builder);

// The single public entry point, balancing across the replicas.
builder.AddNginx(infrastructure, web);

builder.Build().Run();
