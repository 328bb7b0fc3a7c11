using Bazaar.Contracts.Identity;
using Bazaar.Messaging;
using Bazaar.Notifications.Data;

namespace Bazaar.Notifications.Contacts;

/// <summary>A new user: name, address, mobile and roles.</summary>
public sealed class RecordRegisteredContact(NotificationsDb db) : IEventHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered @event, EventContext context, CancellationToken cancellationToken)
    {
        var contact = await ContactBook.FindOrAddAsync(db, @event.UserId, cancellationToken);
        contact.UpdateProfile(@event.Name, @event.Email, @event.Mobile, @event.RegisteredAt);
        contact.UpdateRoles(@event.Roles, @event.RegisteredAt);
    }
}

/// <summary>A changed name, address or mobile: mail goes to the new address from now on.</summary>
public sealed class RecordUpdatedContact(NotificationsDb db) : IEventHandler<UserProfileUpdated>
{
    public async Task HandleAsync(UserProfileUpdated @event, EventContext context, CancellationToken cancellationToken)
    {
        var contact = await ContactBook.FindOrAddAsync(db, @event.UserId, cancellationToken);
        contact.UpdateProfile(@event.Name, @event.Email, @event.Mobile, @event.UpdatedAt);
    }
}

/// <summary>Roles decide who gets the admins' alerts.</summary>
public sealed class RecordContactRoles(NotificationsDb db) : IEventHandler<UserRolesChanged>
{
    public async Task HandleAsync(UserRolesChanged @event, EventContext context, CancellationToken cancellationToken)
    {
        var contact = await ContactBook.FindOrAddAsync(db, @event.UserId, cancellationToken);
        contact.UpdateRoles(@event.Roles, @event.ChangedAt);
    }
}

internal static class ContactBook
{
    /// <summary>
    /// Two handlers adding the same new user at once collide on the key; the loser's transaction
    /// fails, the message is retried, and then it finds the row.
    /// </summary>
    public static async Task<Contact> FindOrAddAsync(NotificationsDb db, Guid userId, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.FindAsync([userId], cancellationToken);
        if (contact is null)
        {
            contact = Contact.For(userId);
            db.Contacts.Add(contact);
        }

        return contact;
    }
}
