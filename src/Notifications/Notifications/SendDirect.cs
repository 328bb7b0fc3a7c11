using System.Net.Mail;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Bazaar.Messaging;
using Bazaar.Notifications.Data;
using Bazaar.Notifications.Notices;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notifications.Notifications;

/// <summary>
/// An admin's message to one user or one address, on the channel of the route. Recorded as pending
/// and sent by the dispatcher, hence 202. An admin chose to send it, so preferences do not apply.
/// </summary>
public static partial class SendDirect
{
    public const int MaxSubjectLength = 200;

    public sealed record Request(Guid? UserId, string? To, string? Subject, string? Body);

    public sealed record Response(Guid Id, NotificationStatus Status);

    public static RouteGroupBuilder MapSendDirect(this RouteGroupBuilder group)
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            var name = channel.ToString().ToLowerInvariant();
            group.MapPost($"/{name}", (Request request, ClaimsPrincipal principal, NotificationsDb db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    HandleAsync(channel, request, principal, db, clock, loggers, cancellationToken))
                .RequireAuthorization(Policies.Admin)
                .WithName($"Send{channel}")
                .WithSummary($"Send a {name} message to a user or an address (admin; sent asynchronously)");
        }

        return group;
    }

    internal static async Task<Results<Accepted<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Channel channel, Request request, ClaimsPrincipal principal, NotificationsDb db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = Validate(channel, request, out var to);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The message is not valid");
        }

        if (request.UserId is { } userId)
        {
            var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId && c.Email != null, cancellationToken);
            if (contact is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: "There is no user with this id.");
            }

            to = channel switch { Channel.Email => contact.Email, Channel.Sms => contact.Mobile, _ => userId.ToString() };
            if (to is null)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["userId"] = ["This user has no mobile number on file."] },
                    title: "The message is not valid");
            }
        }

        var notification = Notification.Pending(request.UserId, channel, MessageTemplates.Direct, to, MessageTemplates.DirectMessage(request.Subject, request.Body!), clock.GetUtcNow());
        db.Notifications.Add(notification);
        db.Audit(principal, "notification", notification.Id, "sent", null, new { Channel = channel, request.UserId, To = to, request.Subject });
        await db.SaveChangesAsync(cancellationToken);
        LogAccepted(loggers.CreateLogger(typeof(SendDirect)), notification.Id, channel, principal.UserId());
        return TypedResults.Accepted((string?)null, new Response(notification.Id, notification.Status));
    }

    private static Dictionary<string, string[]> Validate(Channel channel, Request request, out string? to)
    {
        var errors = new Dictionary<string, string[]>();
        to = null;
        if (request.UserId is null == string.IsNullOrWhiteSpace(request.To))
        {
            errors["userId"] = [request.UserId is null ? "Give userId or to." : "Give userId or to, not both."];
        }
        else if (request.UserId == Guid.Empty)
        {
            errors["userId"] = ["userId is not a user id."];
        }
        else if (request.To is not null)
        {
            to = NormalizeAddress(channel, request.To);
            if (to is null)
            {
                errors["to"] = [channel switch
                {
                    Channel.Email => "to is not a mail address.",
                    Channel.Sms => "to is not a mobile number (digits, optionally starting with +).",
                    _ => "to is not a push target (no spaces, at most 512 characters).",
                }];
            }
        }

        var maxBody = channel switch { Channel.Email => 20_000, Channel.Sms => 1_600, _ => 2_000 };
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            errors["body"] = ["body is required."];
        }
        else if (request.Body.Length > maxBody)
        {
            errors["body"] = [$"body is at most {maxBody} characters for {channel.ToString().ToLowerInvariant()}."];
        }

        if (request.Subject is { } subject && (subject.Length > MaxSubjectLength || subject.Any(char.IsControl)))
        {
            errors["subject"] = [$"subject is one line of at most {MaxSubjectLength} characters."];
        }

        return errors;
    }

    private static string? NormalizeAddress(Channel channel, string to)
    {
        var trimmed = to.Trim();
        switch (channel)
        {
            case Channel.Email:
                // A bare address: a display name or a list would let the caller address others.
                return trimmed.Length <= 320 && MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed && address.DisplayName.Length == 0
                    ? trimmed
                    : null;
            case Channel.Sms:
                var digits = PhoneSeparators().Replace(trimmed, string.Empty);
                return MobileNumber().IsMatch(digits) ? digits : null;
            default:
                return trimmed.Length <= 512 && !trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? trimmed : null;
        }
    }

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^\+?[1-9][0-9]{6,14}$")]
    private static partial Regex MobileNumber();

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct {Channel} notification {NotificationId} accepted from admin {AdminId}")]
    private static partial void LogAccepted(ILogger logger, Guid notificationId, Channel channel, Guid? adminId);
}
