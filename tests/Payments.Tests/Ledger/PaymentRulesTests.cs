using Bazaar.Contracts.Ordering;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Orders;

namespace Bazaar.Payments.Tests.Ledger;

/// <summary>The domain rules alone: what is payable, what may change a payment, refund arithmetic.</summary>
public sealed class PaymentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static PayableOrder Order(decimal total = 80m, int minutesLeft = 10) =>
        PayableOrder.From(new OrderAwaitingPayment(Guid.CreateVersion7(), Guid.CreateVersion7(), total, "usd", " pm_card_visa ", Now.AddMinutes(minutesLeft)), Now);

    [Fact]
    public void PayableOrder_AwaitingWithinItsReservation_IsPayable()
    {
        var order = Order();

        Assert.Null(order.WhyNotPayable(Now));
        Assert.Equal(("USD", "pm_card_visa"), (order.Currency, order.PaymentMethodId));
    }

    [Fact]
    public void PayableOrder_ExpiredCancelledOrFree_IsNotPayable()
    {
        var cancelled = Order();
        cancelled.Cancel("customer_request", Now);

        Assert.NotNull(Order(minutesLeft: 0).WhyNotPayable(Now));
        Assert.NotNull(cancelled.WhyNotPayable(Now));
        Assert.NotNull(Order(total: 0).WhyNotPayable(Now));
    }

    [Fact]
    public void PayableOrder_CancelledThenAwaitingAgain_StaysCancelled()
    {
        var order = Order();
        order.Cancel("payment_timeout", Now);

        Assert.False(order.Refresh(new OrderAwaitingPayment(order.OrderId, order.UserId, 80m, "USD", null, Now.AddHours(1)), Now));
        Assert.Equal(OrderState.Cancelled, order.State);
    }

    [Fact]
    public void Payment_OnlyAPendingPaymentIsSettled_AndOnlyOnce()
    {
        var payment = Payment.Start(Order(), "pm_card_visa", Now);

        Assert.True(payment.Succeed("ref_1", Now));
        Assert.False(payment.Fail("card_declined", "late decline", null, Now));
        Assert.False(payment.Succeed("ref_2", Now));
        Assert.Equal((PaymentStatus.Succeeded, "ref_1", 80m), (payment.Status, payment.ProviderReference, payment.Amount));
    }

    [Fact]
    public void Payment_Refunds_PartThenRestThenNothingMore()
    {
        var payment = Payment.Start(Order(80m), "pm_card_visa", Now);
        payment.Succeed("ref", Now);

        payment.RecordRefund(30m, Now);
        Assert.Equal((PaymentStatus.PartiallyRefunded, 50m), (payment.Status, payment.Refundable));

        payment.RecordRefund(50m, Now);
        Assert.Equal((PaymentStatus.Refunded, 0m), (payment.Status, payment.Refundable));
        Assert.Throws<InvalidOperationException>(() => payment.RecordRefund(0.01m, Now));
    }

    [Fact]
    public void Payment_Failed_HasNothingToRefund()
    {
        var payment = Payment.Start(Order(), "pm_card_chargeDeclined", Now);
        payment.Fail("card_declined", "Your card was declined.", null, Now);

        Assert.Equal(0m, payment.Refundable);
        Assert.Throws<InvalidOperationException>(() => payment.RecordRefund(1m, Now));
    }
}
