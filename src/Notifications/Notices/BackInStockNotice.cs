using Bazaar.Contracts.Inventory;
using Bazaar.Messaging;
using Bazaar.Notifications.Data;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Notices;

/// <summary>
/// Mails the shopper whose back-in-stock alert fired. Transactional, not marketing: the shopper
/// asked for exactly this mail. Inventory sends one event per alert and deletes the alert, and
/// the inbox claims each message once, so a redelivered event records no second mail.
/// </summary>
public sealed class SendBackInStock(Notifier notifier, NotificationsDb db, IOptions<NotificationsOptions> options) : IEventHandler<BackInStock>
{
    public async Task HandleAsync(BackInStock @event, EventContext context, CancellationToken cancellationToken)
    {
        var publicUrl = options.Value.PublicUrl;
        await notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.BackInStock,
            MessageTemplates.BackInStockMail(await db.NameOfAsync(@event.UserId, cancellationToken), publicUrl, @event.ProductId, @event.Available),
            MessageTemplates.BackInStockShort(publicUrl, @event.ProductId),
            cancellationToken);
    }
}
