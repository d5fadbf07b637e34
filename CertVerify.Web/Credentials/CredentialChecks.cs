using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Verification;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Credentials;

public sealed record CredentialChecks(CredentialCheck Signature, CredentialCheck IssuerKey, CredentialCheck ValidityWindow, CredentialCheck Status);
