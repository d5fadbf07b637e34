using System.ComponentModel.DataAnnotations;

namespace CertVerify.Web.ApiKeys;

public sealed record CreateKeyRequest([Required, StringLength(ApiKeyLimits.NameLength, MinimumLength = 1)] string Name);
