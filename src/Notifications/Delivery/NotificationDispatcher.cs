using Bazaar.Messaging;
using Bazaar.Notifications.Data;
using Bazaar.Notifications.Notices;
using Bazaar.Notifications.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Delivery;

/// <summary>
/// Sends what the handlers and endpoints recorded. Claims due pending rows in batches (SKIP
/// LOCKED, so instances never take the same row) by moving their next attempt past a claim
/// timeout, sends each, and records the outcome row by row: sent, a retry after a backoff, or
/// failed once the attempts run out. An unreachable channel is paused and its rows put off without
/// using up attempts, so a server that is down delays mail but loses none.
/// </summary>
internal sealed partial class NotificationDispatcher(
    IServiceScopeFactory scopes,
    CommitSignal<Notification> signal,
    IEmailSender email,
    ISmsSender sms,
    IPushSender push,
    SendPolicy policy,
    IOptions<NotificationsOptions> options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly DispatchOptions settings = options.Value.Dispatch;
    private readonly Dictionary<Channel, Outage> outages = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await DispatchBatchAsync(stoppingToken);
                failures = 0;
                if (claimed < settings.BatchSize)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database is away: nothing can be claimed or recorded, so wait and try again.
                var delay = settings.Backoff(++failures);
                LogDispatchFailed(logger, ex, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var now = clock.GetUtcNow();
        var claimedUntil = now + settings.ClaimTimeout;
        var paused = outages.Where(o => o.Value.Until > now).Select(o => o.Key.ToString().ToLowerInvariant()).ToArray();
        var rows = await db.Notifications.FromSql($"""
            UPDATE notifications SET next_attempt_at = {claimedUntil}
            WHERE id IN (
                SELECT id FROM notifications
                WHERE status = 'pending' AND next_attempt_at <= {now} AND NOT (channel = ANY({paused}))
                ORDER BY next_attempt_at
                LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

        foreach (var row in rows.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id))
        {
            db.Attach(row);
            await DeliverAsync(db, row, cancellationToken);
            if (row.Status != NotificationStatus.Pending && MessageTemplates.CarriesSecret(row.Template))
            {
                row.ForgetBody();
            }

            // Recorded even while stopping: a mail that went out must not be sent again.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return rows.Count;
    }

    private async Task DeliverAsync(NotificationsDb db, Notification row, CancellationToken cancellationToken)
    {
        if (outages.TryGetValue(row.Channel, out var outage) && outage.Until > clock.GetUtcNow())
        {
            row.Postpone(outage.Error, outage.Until); // the channel went down earlier in this batch
            return;
        }

        try
        {
            var recipient = row.Recipient ?? await ResolveAsync(db, row, cancellationToken);
            if (row.Status != NotificationStatus.Pending)
            {
                return;
            }

            if (recipient is null)
            {
                Fail(row, "The user's contact details have not arrived yet.", permanent: false);
                return;
            }

            if (await policy.RefusalAsync(db, row, recipient, cancellationToken) is { } refusal)
            {
                row.Skip(refusal);
                DeliveryTelemetry.Skipped.Add(1, Tag(row));
                LogSkipped(logger, row.Id, row.Channel, refusal);
                return;
            }

            await SendAsync(row, recipient, cancellationToken);
            row.MarkSent(clock.GetUtcNow());
            outages.Remove(row.Channel);
            DeliveryTelemetry.Sent.Add(1, Tag(row));
            LogSent(logger, row.Id, row.Channel, row.Template);
        }
        catch (ChannelUnavailableException ex)
        {
            // Each outage in a row waits longer; the first success ends it.
            var count = (outages.GetValueOrDefault(row.Channel)?.Count ?? 0) + 1;
            var next = new Outage(clock.GetUtcNow() + settings.Backoff(count), ex.Message, count);
            outages[row.Channel] = next;
            row.Postpone(ex.Message, next.Until);
            DeliveryTelemetry.Postponed.Add(1, Tag(row));
            LogChannelUnavailable(logger, row.Channel, ex.Message, (next.Until - clock.GetUtcNow()).TotalMilliseconds);
        }
        catch (MessageRejectedException ex)
        {
            Fail(row, ex.Message, ex.Permanent);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            row.Postpone("Interrupted by shutdown.", clock.GetUtcNow()); // another instance (or the next start) takes it at once
        }
        catch (Exception ex)
        {
            Fail(row, ex.Message, permanent: false);
        }
    }

    private Task SendAsync(Notification row, string recipient, CancellationToken cancellationToken) => row.Channel switch
    {
        Channel.Email => email.SendAsync(new EmailMessage(row.Id, recipient, row.Subject ?? "Bazaar", row.Body, row.HtmlBody), cancellationToken),
        Channel.Sms => sms.SendAsync(new SmsMessage(row.Id, recipient, row.Body), cancellationToken),
        Channel.Push => push.SendAsync(new PushMessage(row.Id, recipient, row.Subject ?? "Bazaar", row.Body), cancellationToken),
        _ => throw new MessageRejectedException($"Unknown channel {row.Channel}.", permanent: true),
    };

    /// <summary>The address of a notice recorded before the user's contact arrived (or changed since).</summary>
    private static async Task<string?> ResolveAsync(NotificationsDb db, Notification row, CancellationToken cancellationToken)
    {
        if (row.UserId is not { } userId)
        {
            row.Skip("No recipient.");
            return null;
        }

        if (row.Channel == Channel.Push)
        {
            row.AddressTo(userId.ToString());
            return row.Recipient;
        }

        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        var address = row.Channel == Channel.Email ? contact?.Email : contact?.Mobile;
        if (address is not null)
        {
            row.AddressTo(address);
        }
        else if (contact?.Email is not null && row.Channel == Channel.Sms)
        {
            row.Skip("No mobile number on file.");
        }

        return address;
    }

    private void Fail(Notification row, string error, bool permanent)
    {
        row.RecordFailure(error, permanent, settings.MaxAttempts, settings.Backoff, clock.GetUtcNow());
        if (row.Status == NotificationStatus.Failed)
        {
            DeliveryTelemetry.Failed.Add(1, Tag(row));
            LogGivenUp(logger, row.Id, row.Channel, row.Attempts, error);
        }
        else
        {
            DeliveryTelemetry.Retried.Add(1, Tag(row));
            LogRetrying(logger, row.Id, row.Channel, row.Attempts, settings.MaxAttempts, error);
        }
    }

    private static KeyValuePair<string, object?> Tag(Notification row) => new("channel", row.Channel.ToString().ToLowerInvariant());

    private sealed record Outage(DateTimeOffset Until, string Error, int Count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification {NotificationId} sent by {Channel} ({Template})")]
    private static partial void LogSent(ILogger logger, Guid notificationId, Channel channel, string template);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} by {Channel} not sent: {Reason}")]
    private static partial void LogSkipped(ILogger logger, Guid notificationId, Channel channel, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel} unavailable ({Error}); its notifications wait {DelayMs} ms")]
    private static partial void LogChannelUnavailable(ILogger logger, Channel channel, string error, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} by {Channel} failed (attempt {Attempt} of {MaxAttempts}), will retry: {Error}")]
    private static partial void LogRetrying(ILogger logger, Guid notificationId, Channel channel, int attempt, int maxAttempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification {NotificationId} by {Channel} given up after {Attempts} attempts: {Error}")]
    private static partial void LogGivenUp(ILogger logger, Guid notificationId, Channel channel, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching notifications failed; trying again in {DelayMs} ms")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, double delayMs);
}
