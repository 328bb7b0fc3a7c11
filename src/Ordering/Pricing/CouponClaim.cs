using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Pricing;

/// <summary>
/// Saves a new order and, when it uses a coupon, the use with it, in one transaction. The
/// promotion's row is locked first (SELECT ... FOR UPDATE), so the placements that use one code
/// take turns; under the lock a fresh statement counts the uses committed so far (read committed:
/// each statement sees what was committed before it began), and the order is refused when the
/// code is used up or this customer has used it as often as allowed. However many checkouts race,
/// usageLimit and perCustomerLimit hold, as stock does in Inventory.
/// </summary>
internal static class CouponClaim
{
    /// <param name="add">Adds the order and whatever is saved with it (its event, the idempotent answer).</param>
    /// <returns>Null when saved; else why the coupon cannot be used (nothing saved).</returns>
    public static async Task<string?> SaveAsync(OrderingDb db, Order order, Promotion? promotion, Action add, CancellationToken cancellationToken)
    {
        if (promotion is null)
        {
            add();
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var locked = await db.Promotions.FromSql($"SELECT * FROM promotions WHERE id = {promotion.Id} FOR UPDATE").AsNoTracking().ToListAsync(ct);
                if (locked is not [var fresh])
                {
                    return CouponRefusals.Unknown;
                }

                var refusal = fresh.LimitRefusal(
                    await CouponUses.CountAsync(db, fresh.Id, null, ct),
                    await CouponUses.CountAsync(db, fresh.Id, order.UserId, ct));
                if (refusal is not null)
                {
                    return refusal;
                }

                if (db.Entry(order).State == EntityState.Detached)
                {
                    add();
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return null;
            },
            cancellationToken);
    }
}
