using CertVerify.Web.Users;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.ApiKeys;

public static class ApiKeyLimits
{
    public const int NameLength = 100;
}
