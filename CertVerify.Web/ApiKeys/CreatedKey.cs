namespace CertVerify.Web.ApiKeys;

/// <summary>A new key: the only time its text is shown.</summary>
public sealed record CreatedKey(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);
