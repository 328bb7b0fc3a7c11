using Bazaar.Notifications.Notifications;
using Bazaar.Notifications.Preferences;

namespace Bazaar.Notifications.Notices;

/// <summary>Why a notice is sent, which decides how the user's preferences and rate limits apply (README.md, "Preferences").</summary>
public enum NoticeKind
{
    /// <summary>
    /// About an order the user placed (confirmation, payment failure, shipping, delivery), or what
    /// the user asked to be told (back in stock): on each channel the user has on, with the higher rate limit.
    /// </summary>
    Transactional,

    /// <summary>About the account (welcome): email, when the user has it on.</summary>
    Account,

    /// <summary>
    /// The account's security (password reset, email verification): asked for by the user, and an
    /// account cannot be recovered or verified without it, so email whatever the preferences say
    /// (rate limited as account mails are); never SMS or push.
    /// </summary>
    Security,

    /// <summary>Offers and news: only when the channel and marketing are both on. None is sent automatically yet.</summary>
    Marketing,

    /// <summary>Alerts to staff (low stock) and an admin's direct sends: part of the job or an admin's choice, so no user preference applies.</summary>
    Operational,
}

/// <summary>The rules shared by recording (<see cref="Notifier"/>) and sending (the dispatcher re-checks, as preferences may change meanwhile).</summary>
public static class NoticeRules
{
    /// <summary>The kind of a recorded notification, from its template (rows keep the template, not the kind).</summary>
    public static NoticeKind KindOf(string template) => template switch
    {
        MessageTemplates.OrderConfirmation or MessageTemplates.PaymentFailed or MessageTemplates.OrderShipped or MessageTemplates.OrderDelivered
            or MessageTemplates.OrderCancelled or MessageTemplates.OrderRefunded or MessageTemplates.GuestOrder
            or MessageTemplates.BackInStock => NoticeKind.Transactional,
        MessageTemplates.Welcome => NoticeKind.Account,
        MessageTemplates.PasswordReset or MessageTemplates.EmailVerification => NoticeKind.Security,
        MessageTemplates.LowStock or MessageTemplates.Direct => NoticeKind.Operational,
        _ => NoticeKind.Marketing,
    };

    /// <summary>Why the user's preferences forbid this notice on this channel, or null when they allow it.</summary>
    public static string? Refusal(NoticeKind kind, Channel channel, Preference preference)
    {
        if (kind == NoticeKind.Operational || (kind == NoticeKind.Security && channel == Channel.Email))
        {
            return null;
        }

        var on = channel switch { Channel.Email => preference.Email, Channel.Sms => preference.Sms, _ => preference.Push };
        if (!on)
        {
            return $"{channel} notifications are turned off in the user's preferences.";
        }

        return kind == NoticeKind.Marketing && !preference.Marketing ? "Marketing messages are turned off in the user's preferences." : null;
    }
}
