using Bazaar.Identity.Data;
using Bazaar.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Identity.Auth;

public enum SignInStatus
{
    Succeeded,
    Failed,
    LockedOut,
}

public sealed record SignInResult(SignInStatus Status, User? User = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Checks an email and password, with lockout after repeated failures. Used by POST /login and by
/// the password grant, so both lock the same way.
/// </summary>
public sealed partial class PasswordSignIn(
    IdentityDb db,
    IPasswordHasher<User> hasher,
    IOptionsMonitor<IdentityServiceOptions> options,
    TimeProvider clock,
    ILogger<PasswordSignIn> logger)
{
    // Verified against when the email is unknown, so that case costs what a wrong password costs.
    private static readonly Lazy<(User User, string Hash)> Dummy = new(() =>
    {
        var user = User.Create("dummy", "dummy@invalid", null, [], DateTimeOffset.UnixEpoch);
        return (user, new PasswordHasher<User>().HashPassword(user, Guid.NewGuid().ToString()));
    });

    public async Task<SignInResult> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = User.NormalizeEmail(email);
        var user = ProfileRules.IsStorable(normalized)
            ? await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, cancellationToken)
            : null;
        if (user is null)
        {
            hasher.VerifyHashedPassword(Dummy.Value.User, Dummy.Value.Hash, password);
            LogUnknownEmail(logger);
            return new SignInResult(SignInStatus.Failed);
        }

        var now = clock.GetUtcNow();
        if (user.IsLockedOut(now))
        {
            LogLockedOut(logger, user.Id);
            return new SignInResult(SignInStatus.LockedOut, LockedUntil: user.LockedUntil);
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(user.Id, now, cancellationToken);
            LogWrongPassword(logger, user.Id);
            return new SignInResult(SignInStatus.Failed);
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.SetPasswordHash(hasher.HashPassword(user, password));
        }

        user.ClearLoginFailures();
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, user);
    }

    /// <summary>
    /// Counts the failure in one UPDATE, so parallel guesses cannot overwrite each other's count;
    /// the failure that reaches the limit locks the account and starts the count again.
    /// </summary>
    public Task<int> RecordFailureAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var policy = options.CurrentValue.Lockout;
        var max = policy.MaxFailedAttempts;
        DateTimeOffset? lockedUntil = now + policy.Duration;
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
            setters => setters
                .SetProperty(u => u.LockedUntil, u => u.FailedLoginCount + 1 >= max ? lockedUntil : u.LockedUntil)
                .SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1 >= max ? 0 : u.FailedLoginCount + 1),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Login refused: unknown email")]
    private static partial void LogUnknownEmail(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login refused: wrong password for user {UserId}")]
    private static partial void LogWrongPassword(ILogger logger, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login refused: user {UserId} is locked out")]
    private static partial void LogLockedOut(ILogger logger, Guid userId);
}
