using CertVerify.Web.Accounts;

namespace CertVerify.Web.ApiKeys;

/// <summary>A new key: the only time its text is shown.</summary>
public sealed record CreatedKey(Guid Id, string Name, ApiKeyScope Scope, string Prefix, string Key, DateTimeOffset CreatedAt);
