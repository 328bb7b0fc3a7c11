using Bazaar.Contracts.Identity;
using Bazaar.Identity.Data;
using Bazaar.Messaging;
using Bazaar.Identity.Tokens;
using Bazaar.Identity.Users;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Identity.Sessions;

/// <summary>An access token and, for people, the refresh token that gets the next one.</summary>
public sealed record TokenPair(string AccessToken, int ExpiresIn, string? RefreshToken);

/// <summary>
/// Sessions and their tokens: start one at login, rotate its refresh token on every use, end it
/// on logout or when a used refresh token comes back (a sign that it was stolen).
/// </summary>
public sealed partial class SessionTokens(
    IdentityDb db,
    AccessTokens accessTokens,
    SessionDenylist denylist,
    IOptions<IdentityServiceOptions> options,
    TimeProvider clock,
    ILogger<SessionTokens> logger)
{
    public async Task<TokenPair> StartAsync(User user, HttpContext http, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = Session.Start(
            user.Id,
            now,
            options.Value.SessionLifetime,
            http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            http.Connection.RemoteIpAddress?.ToString());
        db.Sessions.Add(session);
        var refreshToken = AddRefreshToken(session.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        LogSessionStarted(logger, session.Id, user.Id);
        return new TokenPair(accessTokens.ForUser(user, session.Id), accessTokens.LifetimeSeconds, refreshToken);
    }

    /// <summary>A new pair for a refresh token that is unused and whose session lives; otherwise null.</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = OpaqueTokens.Hash(refreshToken);
        var now = clock.GetUtcNow();

        // Claiming the token in one UPDATE makes a token usable exactly once, even under a race.
        var claimed = await db.RefreshTokens
            .Where(t => t.Hash == hash && t.UsedAt == null)
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.UsedAt, now), cancellationToken);
        var sessionId = await db.RefreshTokens
            .Where(t => t.Hash == hash)
            .Select(t => (Guid?)t.SessionId)
            .FirstOrDefaultAsync(cancellationToken);
        if (sessionId is null)
        {
            return null;
        }

        if (claimed == 0)
        {
            LogRefreshTokenReused(logger, sessionId.Value);
            await RevokeAsync(sessionId.Value, Reasons.RefreshTokenReused, cancellationToken);
            return null;
        }

        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        var user = session is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == session.UserId, cancellationToken);
        if (session is null || user is null || !session.IsActive(now))
        {
            return null;
        }

        session.Touch(now);
        var next = AddRefreshToken(session.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        return new TokenPair(accessTokens.ForUser(user, session.Id), accessTokens.LifetimeSeconds, next);
    }

    /// <summary>The session a refresh token belongs to, if it is one of ours.</summary>
    public Task<Guid?> FindSessionOfRefreshTokenAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = OpaqueTokens.Hash(refreshToken);
        return db.RefreshTokens.Where(t => t.Hash == hash).Select(t => (Guid?)t.SessionId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Ends a session: its refresh tokens stop working (PostgreSQL) and its access tokens are
    /// refused by every service until they would have expired anyway (Redis denylist).
    /// </summary>
    public async Task RevokeAsync(Guid sessionId, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ended = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var count = await db.Sessions
                .Where(s => s.Id == sessionId && s.RevokedAt == null)
                .ExecuteUpdateAsync(setters => setters.SetProperty(s => s.RevokedAt, now), ct);
            if (count > 0)
            {
                // Only the revocation that ended the session tells the others.
                var userId = await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.UserId).FirstAsync(ct);
                db.AddEvent(new SessionRevoked(userId, sessionId, reason, now));
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return count;
        }, cancellationToken);
        await denylist.RevokeAsync(sessionId.ToString(), accessTokens.Lifetime + AccessTokens.ClockSkew + TimeSpan.FromMinutes(1));
        if (ended > 0)
        {
            LogSessionRevoked(logger, sessionId);
        }
    }

    /// <summary>
    /// Ends every session of the user but <paramref name="keep"/> (the caller's own, on a password
    /// change), each as <see cref="RevokeAsync"/> does. Sessions past their end are included while
    /// an access token of theirs could still be valid.
    /// </summary>
    public async Task RevokeAllAsync(Guid userId, Guid? keep, string reason, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - accessTokens.Lifetime - AccessTokens.ClockSkew;
        var ids = await db.Sessions
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > since && s.Id != keep)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await RevokeAsync(id, reason, cancellationToken);
        }
    }

    /// <summary>Why a session ended, as SessionRevoked says it.</summary>
    public static class Reasons
    {
        public const string Logout = "logout";
        public const string EndedByUser = "ended_by_user";
        public const string TokenRevoked = "token_revoked";
        public const string RefreshTokenReused = "refresh_token_reused";
        public const string PasswordChanged = "password_changed";
        public const string PasswordReset = "password_reset";
    }

    /// <summary>The session lives, and the user's access stamp is not newer than the token's.</summary>
    public async Task<bool> IsActiveAsync(Guid sessionId, long accessStamp, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Sessions.AnyAsync(
            s => s.Id == sessionId && s.RevokedAt == null && s.ExpiresAt > now && db.Users.Any(u => u.Id == s.UserId && u.AccessStamp <= accessStamp),
            cancellationToken);
    }

    /// <summary>
    /// The user's roles changed: their tokens issued before are refused from the next request on
    /// (every service reads the stamp with the denylist); a refresh gets a token with the new roles.
    /// </summary>
    public Task RaiseAccessStampAsync(User user) =>
        denylist.RaiseAccessStampAsync(user.Id.ToString(), user.AccessStamp, accessTokens.Lifetime + AccessTokens.ClockSkew + TimeSpan.FromMinutes(1));

    private string AddRefreshToken(Guid sessionId, DateTimeOffset now)
    {
        var token = OpaqueTokens.New();
        db.RefreshTokens.Add(RefreshToken.For(OpaqueTokens.Hash(token), sessionId, now));
        return token;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} started for user {UserId}")]
    private static partial void LogSessionStarted(ILogger logger, Guid sessionId, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A used refresh token of session {SessionId} was presented again; revoking the session")]
    private static partial void LogRefreshTokenReused(ILogger logger, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} revoked")]
    private static partial void LogSessionRevoked(ILogger logger, Guid sessionId);
}
