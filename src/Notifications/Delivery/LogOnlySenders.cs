namespace Bazaar.Notifications.Delivery;

/// <summary>
/// The development SMS channel: no text leaves the shop, the log shows what would have been sent.
/// Production swaps in a provider (Sms:Provider = twilio).
/// </summary>
internal sealed partial class LogOnlySmsSender(ILogger<LogOnlySmsSender> logger) : ISmsSender
{
    public Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        LogSms(logger, message.Id, message.To, message.Text);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS {NotificationId} to {To} (log only, not sent): {Text}")]
    private static partial void LogSms(ILogger logger, Guid notificationId, string to, string text);
}

/// <summary>The push channel: there is no push provider or device registry yet, so it only logs.</summary>
internal sealed partial class LogOnlyPushSender(ILogger<LogOnlyPushSender> logger) : IPushSender
{
    public Task SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        LogPush(logger, message.Id, message.To, message.Title, message.Text);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Push {NotificationId} to {To} (log only, not sent): {Title}: {Text}")]
    private static partial void LogPush(ILogger logger, Guid notificationId, string to, string title, string text);
}
