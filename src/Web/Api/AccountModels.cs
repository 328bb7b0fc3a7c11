namespace Bazaar.Web.Api;

// The gateway's public shapes (api-contract.md) of a shopper's own account, only the fields the pages show.
public sealed record UserProfile(Guid Id, string Name, string Email, string? Mobile, List<string> Roles, DateTimeOffset CreatedAt, bool EmailVerified);

/// <summary>One entry of my address book.</summary>
public sealed record SavedAddress(
    Guid Id, string? Label, string Name, string Line1, string? Line2, string City, string? Region,
    string PostalCode, string Country, string? Phone, bool IsDefault);

/// <summary>What the address form sends (POST and PUT); <c>IsDefault</c> null leaves the default as it is.</summary>
public sealed record AddressInput(
    string? Label, string Name, string Line1, string? Line2, string City, string? Region,
    string PostalCode, string Country, string? Phone, bool? IsDefault);

/// <summary>One login of mine; <c>Current</c> is the one this browser is signed in with.</summary>
public sealed record LoginSession(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, bool Current);

public sealed record NotificationPreferences(bool Email, bool Sms, bool Push, bool Marketing);

/// <summary>Something the shop sent me (or decided not to: <c>skipped</c>), with the channel it went by.</summary>
public sealed record SentNotification(
    Guid Id, string Channel, string Template, string? Subject, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>The answer to writing a review: <c>approved</c> (shown at once) or <c>pending</c> (an admin looks first).</summary>
public sealed record WrittenReview(Guid Id, string Status);
