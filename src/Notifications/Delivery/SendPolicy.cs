using Bazaar.Notifications.Data;
using Bazaar.Notifications.Notices;
using Bazaar.Notifications.Notifications;
using Bazaar.Notifications.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Delivery;

/// <summary>
/// The last word before a send: the user's preferences as they are now (they may have changed
/// since the row was recorded, e.g. while the SMTP server was down) and the recipient's rate limit.
/// </summary>
internal sealed class SendPolicy(IOptions<NotificationsOptions> options, TimeProvider clock)
{
    public const string RateLimitedPrefix = "Rate limited:";

    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Why <paramref name="row"/> must not go to <paramref name="recipient"/>, or null to send it.</summary>
    public async Task<string?> RefusalAsync(NotificationsDb db, Notification row, string recipient, CancellationToken cancellationToken)
    {
        var kind = NoticeRules.KindOf(row.Template);
        if (row.UserId is { } userId && kind != NoticeKind.Operational)
        {
            var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken)
                ?? Preference.Defaults(userId);
            if (NoticeRules.Refusal(kind, row.Channel, preference) is { } refusal)
            {
                return refusal;
            }
        }

        var limits = options.Value.RateLimits;
        // Order mails and staff alerts are relied upon: they get the higher cap.
        var limit = kind == NoticeKind.Transactional || row.Template == MessageTemplates.LowStock
            ? limits.TransactionalPerRecipientPerHour
            : limits.PerRecipientPerHour;
        if (limit == 0)
        {
            return null;
        }

        // The table is the counter: shared by every instance and kept across restarts. Sends of
        // one batch are saved one by one, so this instance's previous send is already counted.
        var since = clock.GetUtcNow() - Window;
        var sent = await db.Notifications.CountAsync(
            n => n.Status == NotificationStatus.Sent && n.Channel == row.Channel && n.Recipient == recipient && n.SentAt > since && n.Id != row.Id,
            cancellationToken);
        return sent >= limit ? $"{RateLimitedPrefix} {sent} {row.Channel.ToString().ToLowerInvariant()} sends to this recipient in the last hour (limit {limit})." : null;
    }
}
