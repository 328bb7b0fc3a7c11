using System.Security.Claims;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.ServiceDefaults.Auth;

namespace Bazaar.Ordering.Orders;

/// <summary>The audit record of an order's status moved by an admin; a shopper's cancel of their own order is not audited.</summary>
internal static class OrderAudit
{
    public const string Entity = "order";

    public static void AuditStatusChange(this OrderingDb db, ClaimsPrincipal principal, Order order, OrderStatus from)
    {
        if (principal.UserId() == order.UserId)
        {
            return;
        }

        db.Audit(
            principal,
            Entity,
            order.Id,
            "status_changed",
            new { Status = OrderWire.Of(from) },
            new
            {
                Status = OrderWire.Of(order.Status),
                CancellationReason = order.CancellationReason is { } reason ? OrderWire.Of(reason) : null,
                order.Shipment?.Carrier,
                order.Shipment?.TrackingNumber,
            });
    }
}
