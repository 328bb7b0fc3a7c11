namespace Bazaar.Notifications.Notifications;

public enum Channel
{
    Email,
    Sms,
    Push,
}

public enum NotificationStatus
{
    /// <summary>Recorded, waiting for the dispatcher (first try or a retry after a failure).</summary>
    Pending,
    Sent,

    /// <summary>Given up: rejected for good, or still failing after the last attempt.</summary>
    Failed,

    /// <summary>Not sent on purpose: the user's preferences, or no address for the channel.</summary>
    Skipped,
}

/// <summary>What the dispatcher sends on one channel: the text (SMS and push get the short one) and, for mail, subject and HTML.</summary>
public sealed record MessageContent(string? Subject, string Text, string? Html = null);

/// <summary>
/// One message to one recipient on one channel, from the moment it is decided until it is sent or
/// given up. Handlers and endpoints only record it; the dispatcher sends it.
/// </summary>
public sealed class Notification
{
    public const int MaxErrorLength = 1000;

    private Notification()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Whose it is (listed to them); null for a direct send to an address and for configured admin addresses.</summary>
    public Guid? UserId { get; private set; }

    public Channel Channel { get; private set; }

    public string Template { get; private set; } = string.Empty;

    /// <summary>Address, mobile number or push target; null until the dispatcher finds the user's contact.</summary>
    public string? Recipient { get; private set; }

    public string? Subject { get; private set; }

    public string Body { get; private set; } = string.Empty;

    public string? HtmlBody { get; private set; }

    public NotificationStatus Status { get; private set; }

    /// <summary>Failed sends so far (an unreachable server does not count: the message was never tried).</summary>
    public int Attempts { get; private set; }

    /// <summary>When the dispatcher may take it next (also the end of a dispatcher's claim on it).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public static Notification Pending(Guid? userId, Channel channel, string template, string? recipient, MessageContent content, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Channel = channel,
        Template = template,
        Recipient = recipient,
        Subject = content.Subject,
        Body = content.Text,
        HtmlBody = content.Html,
        Status = NotificationStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    public static Notification Skipped(Guid? userId, Channel channel, string template, string? recipient, MessageContent content, string reason, DateTimeOffset now)
    {
        var notification = Pending(userId, channel, template, recipient, content, now);
        notification.Skip(reason);
        return notification;
    }

    /// <summary>What a row whose body held a secret keeps once sent, failed or skipped.</summary>
    public const string ForgottenBody = "This message carried a single-use link. It was removed once the message was sent or given up.";

    /// <summary>Drops a body that held a secret (a single-use link) once it is no longer needed.</summary>
    public void ForgetBody()
    {
        Body = ForgottenBody;
        HtmlBody = null;
    }

    /// <summary>The contact was found at dispatch time.</summary>
    public void AddressTo(string recipient) => Recipient = recipient;

    public void MarkSent(DateTimeOffset now)
    {
        Status = NotificationStatus.Sent;
        SentAt = now;
        LastError = null;
    }

    public void Skip(string reason)
    {
        Status = NotificationStatus.Skipped;
        LastError = Truncate(reason);
    }

    /// <summary>A failed send: retried after <paramref name="backoff"/> until the attempts run out; never again if <paramref name="permanent"/>.</summary>
    public void RecordFailure(string error, bool permanent, int maxAttempts, Func<int, TimeSpan> backoff, DateTimeOffset now)
    {
        Attempts++;
        LastError = Truncate(error);
        if (permanent || Attempts >= maxAttempts)
        {
            Status = NotificationStatus.Failed;
            return;
        }

        NextAttemptAt = now + backoff(Attempts);
    }

    /// <summary>The channel could not be reached at all: wait for it without using up an attempt.</summary>
    public void Postpone(string error, DateTimeOffset until)
    {
        LastError = Truncate(error);
        NextAttemptAt = until;
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}
