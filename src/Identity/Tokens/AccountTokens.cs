using Bazaar.Identity.Data;
using Bazaar.Identity.Users;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Tokens;

/// <summary>What a single-use account token (mailed to the user) lets its bearer do.</summary>
public enum AccountTokenPurpose
{
    PasswordReset,
    EmailVerification,
}

/// <summary>A mailed single-use token as stored: only its SHA-256, never the token itself.</summary>
public sealed class AccountToken
{
    private AccountToken()
    {
    }

    public byte[] Hash { get; private set; } = [];

    public Guid UserId { get; private set; }

    public AccountTokenPurpose Purpose { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Set by the one conditional UPDATE that claimed it; a claimed token never works again.</summary>
    public DateTimeOffset? UsedAt { get; private set; }

    public static AccountToken For(byte[] hash, Guid userId, AccountTokenPurpose purpose, DateTimeOffset now, TimeSpan lifetime) =>
        new() { Hash = hash, UserId = userId, Purpose = purpose, CreatedAt = now, ExpiresAt = now + lifetime };
}

/// <summary>A token to mail, in plain text, and when it stops working.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Password-reset and email-verification tokens: 32 random bytes (base64url) mailed to the user,
/// kept as SHA-256 hashes and looked up by hash equality in PostgreSQL, each claimed once.
/// </summary>
public sealed class AccountTokens(IdentityDb db, TimeProvider clock)
{
    /// <summary>Longer than any token we make; longer input is not looked up at all.</summary>
    private const int MaxTokenLength = 128;

    /// <summary>
    /// Adds a new token of <paramref name="purpose"/> for the user to the unit of work (saved with
    /// the caller's SaveChanges, together with the event that mails it). The user's unused tokens of
    /// the same purpose (used ones too, so they do not pile up) are removed in the same save: the
    /// newest mail is the only one that works.
    /// </summary>
    public async Task<IssuedToken> IssueAsync(Guid userId, AccountTokenPurpose purpose, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var older = await db.AccountTokens.Where(t => t.UserId == userId && t.Purpose == purpose).ToListAsync(cancellationToken);
        db.AccountTokens.RemoveRange(older);
        return Add(userId, purpose, lifetime);
    }

    /// <summary>As <see cref="IssueAsync"/> for a user not saved yet (who has no tokens to supersede).</summary>
    public IssuedToken Add(Guid userId, AccountTokenPurpose purpose, TimeSpan lifetime)
    {
        var token = OpaqueTokens.New();
        var row = AccountToken.For(OpaqueTokens.Hash(token), userId, purpose, clock.GetUtcNow(), lifetime);
        db.AccountTokens.Add(row);
        return new IssuedToken(token, row.ExpiresAt);
    }

    /// <summary>
    /// Claims an unused, unexpired token of <paramref name="purpose"/> in one conditional UPDATE,
    /// so that of two requests racing with one token exactly one wins; the owner's id, or null.
    /// Run it inside the transaction that does what the token allows, so the two commit together.
    /// </summary>
    public async Task<Guid?> ClaimAsync(string token, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength || !ProfileRules.IsStorable(token))
        {
            return null;
        }

        var hash = OpaqueTokens.Hash(token);
        var now = clock.GetUtcNow();
        var claimed = await db.AccountTokens
            .Where(t => t.Hash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.UsedAt, now), cancellationToken);
        return claimed == 0
            ? null
            : await db.AccountTokens.Where(t => t.Hash == hash).Select(t => (Guid?)t.UserId).FirstAsync(cancellationToken);
    }
}
