using Bazaar.Contracts.Reviews;
using Bazaar.Messaging;
using Bazaar.Reviews.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Reviews.Reviews;

/// <summary>A product's rating: the average and number of its approved reviews.</summary>
public sealed record RatingSummary(decimal Average, int Count)
{
    public static RatingSummary Of(long sum, int count) =>
        new(count == 0 ? 0m : Math.Round((decimal)sum / count, 2, MidpointRounding.AwayFromZero), count);
}

internal static class ProductRatings
{
    /// <summary>Namespace of Reviews' advisory locks, so they never meet another feature's keys.</summary>
    private const int LockSpace = 0x52455657; // "REVW"

    /// <summary>
    /// Serializes the changes to one product's approved reviews until the transaction ends, so each
    /// ProductRatingChanged is computed after every earlier change and carries the true figures.
    /// </summary>
    public static async Task LockAsync(ReviewsDb db, Guid productId, CancellationToken cancellationToken)
    {
        // Derived from the id's bytes, not GetHashCode, so every instance of the service picks the same key.
        Span<byte> bytes = stackalloc byte[16];
        productId.TryWriteBytes(bytes);
        var key = BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, {key})", cancellationToken);
    }

    public static async Task<RatingSummary> SummarizeAsync(ReviewsDb db, Guid productId, CancellationToken cancellationToken)
    {
        var totals = await Totals(db, productId, exceptReview: null).FirstOrDefaultAsync(cancellationToken);
        return RatingSummary.Of(totals?.Sum ?? 0, totals?.Count ?? 0);
    }

    /// <summary>
    /// Adds ProductRatingChanged for <paramref name="changed"/>'s product to the outbox, so it commits
    /// with the change itself. Call under <see cref="LockAsync"/>, before SaveChanges: the other
    /// approved reviews come from the database, this one from memory (deleted counts as not approved).
    /// The time is read here, under the lock, so that a later ChangedAt always means newer figures:
    /// consumers may keep the newest and drop events that arrive late.
    /// </summary>
    public static async Task AnnounceAsync(ReviewsDb db, Review changed, bool approvedNow, TimeProvider clock, CancellationToken cancellationToken)
    {
        var others = await Totals(db, changed.ProductId, changed.Id).FirstOrDefaultAsync(cancellationToken);
        var sum = (others?.Sum ?? 0) + (approvedNow ? changed.Rating : 0);
        var count = (others?.Count ?? 0) + (approvedNow ? 1 : 0);
        var summary = RatingSummary.Of(sum, count);
        db.AddEvent(new ProductRatingChanged(changed.ProductId, summary.Average, summary.Count, clock.GetUtcNow()));
    }

    private static IQueryable<Totals> Totals(ReviewsDb db, Guid productId, Guid? exceptReview) =>
        db.Reviews
            .Where(r => r.ProductId == productId && r.Status == ReviewStatus.Approved && r.Id != exceptReview)
            .GroupBy(r => r.ProductId)
            .Select(g => new Totals(g.Sum(r => (long)r.Rating), g.Count()));
}

internal sealed record Totals(long Sum, int Count);
