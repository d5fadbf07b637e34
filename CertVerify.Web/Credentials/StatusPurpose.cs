using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

public enum StatusPurpose
{
    Revocation,
    Suspension,
}
