using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Audit;
using Bazaar.Contracts.Catalog;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Contracts.Reviews;
using Bazaar.Messaging;

namespace Bazaar.Analytics.Events;

/// <summary>
/// How an integration event becomes a row: its type is the event name in snake_case
/// (<c>OrderPaid</c> → <c>order_paid</c>), its properties the whole event body, and its time the
/// moment the event says the fact happened, so a message redelivered late still counts when it
/// happened. Events without such a moment (or with only a deadline) use the envelope's time.
/// </summary>
public static class IntegrationEventRows
{
    /// <summary>Every integration event's row type: a client may not send these, so reports cannot be faked.</summary>
    public static readonly IReadOnlySet<string> ReservedTypes = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .Select(t => TypeOf(EventSerializer.NameOf(t)))
        .ToHashSet(StringComparer.Ordinal);

    public static string TypeOf(string eventName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(eventName);

    public static AnalyticsEvent From(IIntegrationEvent @event, EventContext context)
    {
        var name = EventSerializer.NameOf(@event.GetType());
        var subjects = SubjectsOf(@event, context.OccurredAt);
        return AnalyticsEvent.Recorded(TypeOf(name), name, subjects, EventSerializer.Serialize(Redacted(@event)), subjects.OccurredAt);
    }

    /// <summary>What the event store keeps in place of a secret an event carries for its one consumer.</summary>
    public const string Redaction = "[redacted]";

    /// <summary>
    /// The event as kept: the single-use tokens of the account mails are for Notifications only and
    /// must not outlive the mail, so the event store (kept for years) never holds them.
    /// </summary>
    public static IIntegrationEvent Redacted(IIntegrationEvent @event) => @event switch
    {
        PasswordResetRequested e => e with { Token = Redaction },
        EmailVerificationRequested e => e with { Token = Redaction },
        GuestCheckedOut e => e with { OrderToken = Redaction },
        _ => @event,
    };

    private static EventSubjects SubjectsOf(IIntegrationEvent @event, DateTimeOffset envelopeTime) => @event switch
    {
        UserRegistered e => new(e.RegisteredAt, UserId: e.UserId),
        UserProfileUpdated e => new(e.UpdatedAt, UserId: e.UserId),
        UserRolesChanged e => new(e.ChangedAt, UserId: e.UserId),
        SessionRevoked e => new(e.RevokedAt, UserId: e.UserId, SessionId: e.SessionId.ToString()),
        PasswordResetRequested e => new(envelopeTime, UserId: e.UserId),
        EmailVerificationRequested e => new(envelopeTime, UserId: e.UserId),
        UserEmailVerified e => new(e.VerifiedAt, UserId: e.UserId),
        ProductCreated e => new(e.CreatedAt, ProductId: e.ProductId),
        ProductUpdated e => new(e.UpdatedAt, ProductId: e.ProductId),
        ProductArchived e => new(e.ArchivedAt, ProductId: e.ProductId),
        OrderPlaced e => new(e.PlacedAt, e.UserId, OrderId: e.OrderId),
        GuestCheckedOut e => new(e.PlacedAt, e.GuestId, OrderId: e.OrderId),
        GuestOrdersClaimed e => new(e.ClaimedAt, UserId: e.UserId),
        OrderAwaitingPayment e => new(envelopeTime, e.UserId, OrderId: e.OrderId),
        OrderPaid e => new(e.PaidAt, e.UserId, OrderId: e.OrderId),
        OrderCancelled e => new(e.CancelledAt, e.UserId, OrderId: e.OrderId),
        OrderStatusChanged e => new(e.ChangedAt, e.UserId, OrderId: e.OrderId),
        OrderShipped e => new(e.ShippedAt, e.UserId, OrderId: e.OrderId),
        OrderDelivered e => new(e.DeliveredAt, e.UserId, OrderId: e.OrderId),
        OrderRefunded e => new(e.RefundedAt, e.UserId, OrderId: e.OrderId),
        ReturnReceived e => new(e.ReceivedAt, e.UserId, OrderId: e.OrderId),
        PaymentSucceeded e => new(e.SucceededAt, e.UserId, OrderId: e.OrderId),
        PaymentFailed e => new(e.FailedAt, e.UserId, OrderId: e.OrderId),
        PaymentRefunded e => new(e.RefundedAt, e.UserId, OrderId: e.OrderId),
        StockReserved e => new(envelopeTime, OrderId: e.OrderId),
        StockReservationFailed e => new(e.FailedAt, OrderId: e.OrderId),
        StockLevelChanged e => new(e.ChangedAt, ProductId: e.ProductId),
        LowStockDetected e => new(e.DetectedAt, ProductId: e.ProductId),
        BackInStock e => new(e.RestockedAt, e.UserId, ProductId: e.ProductId),
        ReservationExpired e => new(e.ExpiredAt, OrderId: e.OrderId),
        PaidOrderOutOfStock e => new(e.DetectedAt, OrderId: e.OrderId),
        ProductRatingChanged e => new(e.ChangedAt, ProductId: e.ProductId),
        AuditRecorded e => new(e.OccurredAt, UserId: e.ActorId),
        _ => new(envelopeTime),
    };
}
