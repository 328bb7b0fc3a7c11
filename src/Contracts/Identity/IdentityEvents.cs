namespace Bazaar.Contracts.Identity;

public sealed record UserRegistered(Guid UserId, string Name, string Email, string? Mobile, IReadOnlyList<string> Roles, DateTimeOffset RegisteredAt) : IIntegrationEvent;

public sealed record UserProfileUpdated(Guid UserId, string Name, string Email, string? Mobile, DateTimeOffset UpdatedAt) : IIntegrationEvent;

public sealed record UserRolesChanged(Guid UserId, IReadOnlyList<string> Roles, DateTimeOffset ChangedAt) : IIntegrationEvent;

public sealed record SessionRevoked(Guid UserId, Guid SessionId, string Reason, DateTimeOffset RevokedAt) : IIntegrationEvent;

/// <summary>
/// A password reset was asked for a known email. Carries the plaintext single-use token for the
/// mail (Identity keeps only its hash); it lives in Identity's outbox until relayed.
/// </summary>
public sealed record PasswordResetRequested(Guid UserId, string Email, string Name, string Token, DateTimeOffset ExpiresAt) : IIntegrationEvent;

/// <summary>An email address is to be verified (at registration, or on a resend); the token as in <see cref="PasswordResetRequested"/>.</summary>
public sealed record EmailVerificationRequested(Guid UserId, string Email, string Name, string Token, DateTimeOffset ExpiresAt) : IIntegrationEvent;

/// <summary>The user proved they own <paramref name="Email"/> (Ordering hands them the guest orders placed with it).</summary>
public sealed record UserEmailVerified(Guid UserId, string Email, DateTimeOffset VerifiedAt) : IIntegrationEvent;
