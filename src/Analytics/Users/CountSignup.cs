using Bazaar.Analytics.Data;
using Bazaar.Analytics.Events;
using Bazaar.Contracts.Identity;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Users;

/// <summary>Records UserRegistered and counts the signup, once per user.</summary>
public sealed class CountSignup(AnalyticsDb db) : IEventHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered @event, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.Signups.AnyAsync(s => s.UserId == @event.UserId, cancellationToken))
        {
            return;
        }

        db.Events.Add(IntegrationEventRows.From(@event, context));
        db.Signups.Add(Signup.Create(@event.UserId, @event.RegisteredAt));
    }
}
