using CertVerify.Web.Accounts;

namespace CertVerify.Web.ApiKeys;

/// <summary>A key as listed: never its text.</summary>
public sealed record ApiKeyView(Guid Id, string Name, ApiKeyScope Scope, string Prefix, Guid UserId, string? UserEmail,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
