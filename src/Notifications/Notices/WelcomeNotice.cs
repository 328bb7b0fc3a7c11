using Bazaar.Contracts.Identity;
using Bazaar.Messaging;

namespace Bazaar.Notifications.Notices;

/// <summary>A welcome mail to a new user, at the address they registered with.</summary>
public sealed class SendWelcome(Notifier notifier) : IEventHandler<UserRegistered>
{
    public Task HandleAsync(UserRegistered @event, EventContext context, CancellationToken cancellationToken) =>
        notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.Welcome,
            MessageTemplates.WelcomeMail(@event.Name),
            brief: null,
            cancellationToken,
            knownEmail: @event.Email);
}
