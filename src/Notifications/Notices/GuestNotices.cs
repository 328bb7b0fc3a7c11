using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Notifications.Contacts;
using Bazaar.Notifications.Data;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Notices;

/// <summary>
/// A guest checked out: their name and email become the contact of the guest id, so every later
/// notice of the order (confirmation, shipping, cancellation) reaches them as a user's would.
/// </summary>
public sealed class RecordGuestContact(NotificationsDb db) : IEventHandler<GuestCheckedOut>
{
    public async Task HandleAsync(GuestCheckedOut @event, EventContext context, CancellationToken cancellationToken)
    {
        var contact = await ContactBook.FindOrAddAsync(db, @event.GuestId, cancellationToken);
        contact.UpdateProfile(@event.Name, @event.Email, null, @event.PlacedAt);
    }
}

/// <summary>The guest's mail with the link to their order (its token in it, so the body is forgotten once sent).</summary>
public sealed class SendGuestOrderLink(Notifier notifier, IOptions<NotificationsOptions> options) : IEventHandler<GuestCheckedOut>
{
    public Task HandleAsync(GuestCheckedOut @event, EventContext context, CancellationToken cancellationToken) =>
        notifier.ToUserAsync(
            @event.GuestId,
            MessageTemplates.GuestOrder,
            MessageTemplates.GuestOrderMail(@event.Name, options.Value.PublicUrl, @event.OrderId, @event.OrderToken),
            brief: null,
            cancellationToken,
            knownEmail: @event.Email);
}
