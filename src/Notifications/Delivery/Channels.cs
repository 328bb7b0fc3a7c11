namespace Bazaar.Notifications.Delivery;

public sealed record EmailMessage(Guid Id, string To, string Subject, string Text, string? Html);

public sealed record SmsMessage(Guid Id, string To, string Text);

public sealed record PushMessage(Guid Id, string To, string Title, string Text);

/// <summary>Sends one mail. Throws <see cref="ChannelUnavailableException"/> or <see cref="MessageRejectedException"/>.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends one text message to a mobile number. Same failure rules as <see cref="IEmailSender"/>.</summary>
public interface ISmsSender
{
    Task SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends one push notification to a user's devices (or a device token). Same failure rules as <see cref="IEmailSender"/>.</summary>
public interface IPushSender
{
    Task SendAsync(PushMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The channel could not be reached at all (server down, connection refused or timed out, bad
/// credentials): the message itself was never tried, so no attempt of it is used up.
/// </summary>
public sealed class ChannelUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The channel refused this message: retried unless <see cref="Permanent"/> (an address that does not exist).</summary>
public sealed class MessageRejectedException(string message, bool permanent, Exception? innerException = null) : Exception(message, innerException)
{
    public bool Permanent => permanent;
}
