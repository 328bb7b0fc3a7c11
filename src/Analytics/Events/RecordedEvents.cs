using Bazaar.Analytics.Audit;
using Bazaar.Analytics.Data;
using Bazaar.Analytics.Sales;
using Bazaar.Analytics.Users;
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
/// Analytics consumes every integration event of the platform. Most are only recorded; the ones
/// the reports add up (a sale, a refund, a signup) also update a rollup in the same transaction.
/// </summary>
public static class RecordedEvents
{
    public static MessagingBuilder AddRecordedEvents(this IHostApplicationBuilder builder) =>
        builder.AddMessaging<AnalyticsDb>("analytics")
            .Handle<UserRegistered, CountSignup>()
            .Record<UserProfileUpdated>()
            .Record<UserRolesChanged>()
            .Record<SessionRevoked>()
            .Record<PasswordResetRequested>()
            .Record<EmailVerificationRequested>()
            .Record<UserEmailVerified>()
            .Record<ProductCreated>()
            .Record<ProductUpdated>()
            .Record<ProductArchived>()
            .Record<OrderPlaced>()
            .Record<GuestCheckedOut>()
            .Record<GuestOrdersClaimed>()
            .Record<OrderAwaitingPayment>()
            .Handle<OrderPaid, CountSale>()
            .Record<OrderCancelled>()
            .Record<OrderStatusChanged>()
            .Record<OrderShipped>()
            .Record<OrderDelivered>()
            .Record<ReturnReceived>()
            .Handle<OrderRefunded, CountRefund>()
            .Record<PaymentSucceeded>()
            .Record<PaymentFailed>()
            .Record<PaymentRefunded>()
            .Record<StockReserved>()
            .Record<StockReservationFailed>()
            .Record<StockLevelChanged>()
            .Record<LowStockDetected>()
            .Record<BackInStock>()
            .Record<ReservationExpired>()
            .Record<PaidOrderOutOfStock>()
            .Record<ProductRatingChanged>()
            .Handle<AuditRecorded, RecordAudit>();

    private static MessagingBuilder Record<TEvent>(this MessagingBuilder bus)
        where TEvent : IIntegrationEvent =>
        bus.Handle<TEvent, RecordIntegrationEvent<TEvent>>();
}
