using System.Text.Json.Serialization;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Accounts;

/// <summary>What an API key may do on its owner's behalf, whatever the owner's role allows.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ApiKeyScope>))]
public enum ApiKeyScope
{
    /// <summary>Issue, bulk issue, read, revoke and suspend the owner's certificates; the templates the owner owns. Never an Admin operation.</summary>
    Issue,

    /// <summary>
    /// Also the Admin operations (users, roles, keys, signing keys, organisation) when the owner is an Admin: created
    /// only by an Admin who re-enters the password.
    /// </summary>
    Admin,
}
