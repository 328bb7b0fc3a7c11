using Bazaar.Contracts.Inventory;
using Bazaar.Messaging;

namespace Bazaar.Notifications.Notices;

/// <summary>Mails the admins when a product runs low, so that someone restocks it.</summary>
public sealed partial class SendLowStockAlert(Notifier notifier, ILogger<SendLowStockAlert> logger) : IEventHandler<LowStockDetected>
{
    public async Task HandleAsync(LowStockDetected @event, EventContext context, CancellationToken cancellationToken)
    {
        var recipients = await notifier.ToAdminsAsync(
            MessageTemplates.LowStock,
            MessageTemplates.LowStockMail(@event.ProductId, @event.Available, @event.Threshold),
            cancellationToken);
        if (recipients == 0)
        {
            LogNoAdmins(logger, @event.ProductId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Low stock of {ProductId} told to nobody: no admin contact and no Notifications:AdminEmails")]
    private static partial void LogNoAdmins(ILogger logger, Guid productId);
}
