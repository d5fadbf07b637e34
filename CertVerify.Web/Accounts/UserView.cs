namespace CertVerify.Web.Accounts;

public sealed record UserView(Guid Id, string Email, string Name, string Role, bool Disabled, DateTimeOffset CreatedAt)
{
    public static UserView From(User user) =>
        new(user.Id, user.Email, user.Name, user.Role.ToString(), user.Disabled, user.CreatedAt);
}
