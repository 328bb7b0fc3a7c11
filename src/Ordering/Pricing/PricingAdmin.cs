using Bazaar.Ordering.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Pricing;

/// <summary>What the admin routes of pricing (promotions, shipping methods) share.</summary>
internal static class PricingAdmin
{
    /// <summary>
    /// Saves a deletion loaded and removed through the context, so its audit record commits with it.
    /// False when another request deleted the row meanwhile (that one recorded its own entry).
    /// </summary>
    public static async Task<bool> TrySaveDeletionAsync(this OrderingDb db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
