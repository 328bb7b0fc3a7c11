using Bazaar.Contracts.Identity;
using Bazaar.Messaging;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Notices;

/// <summary>
/// The password-reset mail, with its single-use link to the storefront. Asked for by the user, so
/// it goes out whatever their preferences say (NoticeKind.Security), to the address Identity named.
/// </summary>
public sealed class SendPasswordReset(Notifier notifier, IOptions<NotificationsOptions> options) : IEventHandler<PasswordResetRequested>
{
    public Task HandleAsync(PasswordResetRequested @event, EventContext context, CancellationToken cancellationToken) =>
        notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.PasswordReset,
            MessageTemplates.PasswordResetMail(@event.Name, options.Value.PublicUrl, @event.Token, @event.ExpiresAt),
            brief: null,
            cancellationToken,
            knownEmail: @event.Email);
}

/// <summary>The verification mail (at registration and on a resend), with its link; like the reset mail, whatever the preferences.</summary>
public sealed class SendEmailVerification(Notifier notifier, IOptions<NotificationsOptions> options) : IEventHandler<EmailVerificationRequested>
{
    public Task HandleAsync(EmailVerificationRequested @event, EventContext context, CancellationToken cancellationToken) =>
        notifier.ToUserAsync(
            @event.UserId,
            MessageTemplates.EmailVerification,
            MessageTemplates.EmailVerificationMail(@event.Name, options.Value.PublicUrl, @event.Token, @event.ExpiresAt),
            brief: null,
            cancellationToken,
            knownEmail: @event.Email);
}
