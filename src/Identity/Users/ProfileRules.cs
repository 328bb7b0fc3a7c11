using System.Net.Mail;

namespace Bazaar.Identity.Users;

/// <summary>The shape rules for what a person types into a profile or a sign-up form.</summary>
public static class ProfileRules
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxMobileLength = 32;

    public static void CheckName(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["Name is required."];
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            errors["name"] = [$"Name must be at most {MaxNameLength} characters."];
        }
        else if (name.Any(char.IsControl))
        {
            errors["name"] = ["Name must not contain control characters."];
        }
    }

    public static void CheckMobile(string? mobile, Dictionary<string, string[]> errors)
    {
        if (mobile is not null && mobile.Trim().Length > MaxMobileLength)
        {
            errors["mobile"] = [$"Mobile must be at most {MaxMobileLength} characters."];
        }
        else if (mobile is not null && mobile.Any(char.IsControl))
        {
            errors["mobile"] = ["Mobile must not contain control characters."];
        }
    }

    public static void CheckEmail(string? email, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            errors["email"] = ["Email is required."];
            return;
        }

        var normalized = User.NormalizeEmail(email);
        var valid = normalized.Length <= MaxEmailLength
            && !normalized.Any(char.IsControl)
            && MailAddress.TryCreate(normalized, out var address)
            && address.Address == normalized
            && string.IsNullOrEmpty(address.DisplayName);
        if (!valid)
        {
            errors["email"] = ["Email is not a valid address."];
        }
    }

    /// <summary>PostgreSQL text cannot hold NUL: such input is never a stored value, and must not reach a query.</summary>
    public static bool IsStorable(string value) => !value.Contains('\0', StringComparison.Ordinal);

    /// <summary>A password being chosen; <paramref name="field"/> names it in the errors (newPassword on a change or reset).</summary>
    public static void CheckPassword(string? password, Dictionary<string, string[]> errors, string field = "password")
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            errors[field] = [$"Password must be at least {MinPasswordLength} characters."];
        }
        else if (password.Length > MaxPasswordLength)
        {
            errors[field] = [$"Password must be at most {MaxPasswordLength} characters."];
        }
    }
}
