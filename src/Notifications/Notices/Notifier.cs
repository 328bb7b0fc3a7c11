using Bazaar.Notifications.Contacts;
using Bazaar.Notifications.Data;
using Bazaar.Notifications.Notifications;
using Bazaar.Notifications.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Notices;

/// <summary>
/// Decides who gets what on which channel and records it as pending (or skipped) in the caller's
/// transaction. Nothing is sent here: the dispatcher sends after the commit, so a redelivered
/// event, whose inbox claim stops it before this runs, can never send a second mail.
/// </summary>
public sealed class Notifier(NotificationsDb db, IOptions<NotificationsOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Records <paramref name="template"/>'s notice to the user, on the channels its kind and the
    /// user's preferences allow. The kind comes from the template (NoticeRules.KindOf), as the
    /// dispatcher reads it again before sending, so the two can never disagree.
    /// </summary>
    public async Task ToUserAsync(
        Guid userId, string template, MessageContent mail, MessageContent? brief, CancellationToken cancellationToken, string? knownEmail = null)
    {
        var kind = NoticeRules.KindOf(template);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken)
            ?? Preference.Defaults(userId);
        var now = clock.GetUtcNow();

        // A null address is looked up again by the dispatcher: the contact may simply not have arrived yet.
        var email = knownEmail ?? contact?.Email;
        // Every notice to a user honours the user's channels: one turned off is recorded as skipped, so their list says why nothing came.
        if (NoticeRules.Refusal(kind, Channel.Email, preference) is { } refusal)
        {
            db.Notifications.Add(Notification.Skipped(userId, Channel.Email, template, email, mail, refusal, now));
        }
        else
        {
            db.Notifications.Add(Notification.Pending(userId, Channel.Email, template, email, mail, now));
        }

        if (kind != NoticeKind.Transactional || brief is null)
        {
            return;
        }

        // SMS and push are opt-in extras to the mail: off (the default) records nothing rather than a skipped row per notice.
        if (NoticeRules.Refusal(kind, Channel.Sms, preference) is null)
        {
            db.Notifications.Add(contact is { Mobile: null }
                ? Notification.Skipped(userId, Channel.Sms, template, null, brief, "No mobile number on file.", now)
                : Notification.Pending(userId, Channel.Sms, template, contact?.Mobile, brief, now));
        }

        if (NoticeRules.Refusal(kind, Channel.Push, preference) is null)
        {
            db.Notifications.Add(Notification.Pending(userId, Channel.Push, template, userId.ToString(), brief, now));
        }
    }

    /// <summary>
    /// Operational alerts go to every user with the admin role and to the configured addresses,
    /// once per address. They are part of the job, so preferences do not apply.
    /// </summary>
    public async Task<int> ToAdminsAsync(string template, MessageContent mail, CancellationToken cancellationToken)
    {
        var admins = await db.Contacts.AsNoTracking()
            .Where(c => c.Roles.Contains(Contact.AdminRole) && c.Email != null)
            .Select(c => new { c.UserId, c.Email })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var addressed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var admin in admins.Where(a => addressed.Add(a.Email!)))
        {
            db.Notifications.Add(Notification.Pending(admin.UserId, Channel.Email, template, admin.Email, mail, now));
        }

        foreach (var address in options.Value.AdminEmails.Where(addressed.Add))
        {
            db.Notifications.Add(Notification.Pending(null, Channel.Email, template, address, mail, now));
        }

        return addressed.Count;
    }
}
