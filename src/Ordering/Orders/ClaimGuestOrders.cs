using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Orders;

/// <summary>
/// Someone proved they own an email (Identity verified it): the orders guests placed with that
/// email become theirs, in their order list from then on. Only a verified email claims, so
/// registering with another person's address takes nothing. Repeated events change nothing.
/// </summary>
public sealed partial class ClaimGuestOrders(OrderingDb db, TimeProvider clock, ILogger<ClaimGuestOrders> logger) : IEventHandler<UserEmailVerified>
{
    public async Task HandleAsync(UserEmailVerified @event, EventContext context, CancellationToken cancellationToken)
    {
        if (GuestOrders.Normalize(@event.Email) is not { } email)
        {
            return;
        }

        var orders = await db.Orders.Where(o => o.GuestEmail == email && o.UserId != @event.UserId).ToListAsync(cancellationToken);
        var claimed = orders.Where(o => o.ClaimFor(@event.UserId)).Select(o => o.Id).ToList();
        if (claimed.Count == 0)
        {
            return;
        }

        db.AddEvent(new GuestOrdersClaimed(@event.UserId, email, claimed, clock.GetUtcNow()));
        LogClaimed(logger, claimed.Count, @event.UserId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} guest orders became user {UserId}'s on their verified email")]
    private static partial void LogClaimed(ILogger logger, int count, Guid userId);
}
