namespace Bazaar.Identity.Users;

/// <summary>The contract's user shape: <c>{id, name, email, mobile, roles, createdAt}</c>, with <c>emailVerified</c> (second edition).</summary>
public sealed record UserResponse(Guid Id, string Name, string Email, string? Mobile, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, bool EmailVerified)
{
    public static UserResponse From(User user) =>
        new(user.Id, user.Name, user.Email, user.Mobile, user.Roles, user.CreatedAt, user.EmailVerified);
}
