using System.Net.Mail;

namespace Bazaar.Notifications;

/// <summary>Bound from the "Notifications" section.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>Addresses that get operational alerts (low stock) besides the users with the admin role.</summary>
    public List<string> AdminEmails { get; set; } = [];

    /// <summary>The shop's public base URL (the gateway, which serves the storefront): links in mails point there.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5000";

    public DispatchOptions Dispatch { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public bool IsValid() =>
        AdminEmails.All(a => MailAddress.TryCreate(a, out _)) && Dispatch.IsValid() && RateLimits.IsValid()
        && Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}

/// <summary>
/// Sends one recipient (address, number or push target) may get on one channel in an hour,
/// counted from the sent rows of the notifications table, so every instance and every restart
/// sees the same count. 0 turns a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>For welcome, marketing and an admin's direct sends.</summary>
    public int PerRecipientPerHour { get; set; } = 20;

    /// <summary>For order mails and staff alerts, which a user or the shop relies on: higher, so only a runaway producer hits it.</summary>
    public int TransactionalPerRecipientPerHour { get; set; } = 100;

    public bool IsValid() => PerRecipientPerHour >= 0 && TransactionalPerRecipientPerHour >= 0;
}

/// <summary>How the dispatcher sends what the handlers and endpoints recorded.</summary>
public sealed class DispatchOptions
{
    /// <summary>Rows one dispatcher claims at once.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How often it looks for due rows when nothing woke it (other instances' rows, retries that came due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed sends of one notification before it is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a claimed row belongs to the instance that claimed it. It must outlast sending a
    /// whole batch; an instance that dies mid-batch leaves its rows to others after this.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsValid() =>
        BatchSize is >= 1 and <= 1000 && MaxAttempts >= 1 && PollInterval > TimeSpan.Zero
        && RetryBaseDelay > TimeSpan.Zero && RetryMaxDelay >= RetryBaseDelay && ClaimTimeout > TimeSpan.Zero;

    /// <summary>Doubling from the base to the cap, with some jitter so that retries of many rows spread out.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var delay = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromMilliseconds(delay * (0.8 + (Random.Shared.NextDouble() * 0.2)));
    }
}
