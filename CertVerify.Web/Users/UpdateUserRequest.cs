using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;

namespace CertVerify.Web.Users;

/// <summary>Only the fields present change.</summary>
public sealed record UpdateUserRequest(
    UserRole? Role,
    bool? Disabled,
    [StringLength(UserLimits.NameLength, MinimumLength = 1)] string? Name);
