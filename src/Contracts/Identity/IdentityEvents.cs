namespace Bazaar.Contracts.Identity;

public sealed record UserRegistered(Guid UserId, string Name, string Email, string? Mobile, IReadOnlyList<string> Roles, DateTimeOffset RegisteredAt) : IIntegrationEvent;

public sealed record UserProfileUpdated(Guid UserId, string Name, string Email, string? Mobile, DateTimeOffset UpdatedAt) : IIntegrationEvent;

public sealed record UserRolesChanged(Guid UserId, IReadOnlyList<string> Roles, DateTimeOffset ChangedAt) : IIntegrationEvent;

public sealed record SessionRevoked(Guid UserId, Guid SessionId, string Reason, DateTimeOffset RevokedAt) : IIntegrationEvent;
