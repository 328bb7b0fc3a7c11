using Bazaar.Reviews.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Reviews.Reviews;

internal static class ReviewLocks
{
    /// <summary>
    /// Loads a review for a change to its product's rating: the product is locked first and the review
    /// read after, so the state the change starts from is the one every earlier change left.
    /// Call inside a transaction.
    /// </summary>
    public static async Task<Review?> LoadLockedAsync(ReviewsDb db, Guid id, CancellationToken cancellationToken)
    {
        // A review's product never changes, so it can be read before the lock.
        var productId = await db.Reviews.Where(r => r.Id == id).Select(r => (Guid?)r.ProductId).FirstOrDefaultAsync(cancellationToken);
        if (productId is null)
        {
            return null;
        }

        await ProductRatings.LockAsync(db, productId.Value, cancellationToken);
        return await db.Reviews.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }
}
