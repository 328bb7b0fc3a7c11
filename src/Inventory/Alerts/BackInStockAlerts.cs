using Bazaar.Contracts.Inventory;
using Bazaar.Inventory.Data;
using Bazaar.Inventory.Stock;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Alerts;

/// <summary>
/// Fires the alerts of products whose available stock just went from zero to positive: each
/// alert becomes one <see cref="BackInStock"/> in the outbox and is deleted, in the transaction
/// of the stock change. The stock rows are locked by then, so of two concurrent restocks only the
/// first sees zero before; and a deleted alert cannot fire again, however often events are delivered.
/// </summary>
internal static class BackInStockAlerts
{
    public static bool CameBack(StockLevels? before, StockLevels now) => (before?.Available ?? 0) <= 0 && now.Available > 0;

    public static async Task FireAsync(InventoryDb db, IReadOnlyCollection<(Guid ProductId, int Available)> restocked, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (restocked.Count == 0)
        {
            return;
        }

        var ids = restocked.Select(r => r.ProductId).ToList();
        var alerts = await db.StockAlerts.Where(a => ids.Contains(a.ProductId)).ToListAsync(cancellationToken);
        var available = restocked.ToDictionary(r => r.ProductId, r => r.Available);
        foreach (var alert in alerts)
        {
            db.AddEvent(new BackInStock(alert.Id, alert.ProductId, alert.VariantId, alert.UserId, available[alert.ProductId], now));
            db.StockAlerts.Remove(alert);
        }
    }
}
