using System.ComponentModel.DataAnnotations;
using CertVerify.Web.Accounts;

namespace CertVerify.Web.Users;

public sealed record CreateUserRequest(
    [Required, EmailAddress, StringLength(UserLimits.EmailLength)] string Email,
    [Required, StringLength(UserLimits.NameLength, MinimumLength = 1)] string Name,
    [Required, StringLength(PasswordPolicy.MaxLength)] string Password,
    [Required] UserRole? Role);
