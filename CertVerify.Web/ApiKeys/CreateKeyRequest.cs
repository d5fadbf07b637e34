using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;

namespace CertVerify.Web.ApiKeys;

/// <param name="Scope">`issue` when left out; `admin` needs <paramref name="Password"/>, the caller's own, re-entered.</param>
public sealed record CreateKeyRequest(
    [Required, StringLength(ApiKeyLimits.NameLength, MinimumLength = 1)] string Name,
    ApiKeyScope? Scope = null,
    [StringLength(PasswordPolicy.MaxLength)] string? Password = null);
