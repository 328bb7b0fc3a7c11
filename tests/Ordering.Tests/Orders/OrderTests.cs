using Bazaar.Ordering.Orders;
using static Bazaar.Ordering.Orders.OrderStatus;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>The order state machine alone: every pair of statuses, and the rules beside the table.</summary>
public sealed class OrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Written out here, not read from the code, so the test says what the saga agreed.</summary>
    private static readonly HashSet<(OrderStatus From, OrderStatus To)> Legal =
    [
        (Pending, AwaitingPayment), (Pending, Cancelled),
        (AwaitingPayment, Paid), (AwaitingPayment, Cancelled),
        (Paid, Processing), (Paid, Cancelled), (Paid, Refunded),
        (Processing, Shipped), (Processing, Cancelled), (Processing, Refunded),
        (Shipped, Delivered), (Shipped, Refunded),
        (Delivered, Refunded), (Delivered, PartiallyRefunded),
        (PartiallyRefunded, Refunded),
        (Cancelled, Refunded),
    ];

    public static TheoryData<OrderStatus, OrderStatus> AllPairs()
    {
        var pairs = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Transition_AnyPairOfStatuses_HappensExactlyWhenLegal(OrderStatus from, OrderStatus to)
    {
        var order = OrderIn(from);
        var history = order.History.Count;

        var moved = TryMove(order, to);

        var legal = Legal.Contains((from, to));
        Assert.Equal(legal, OrderTransitions.IsLegal(from, to));
        Assert.Equal(legal, moved);
        Assert.Equal(legal ? to : from, order.Status);
        Assert.Equal(legal ? history + 1 : history, order.History.Count);
        Assert.Equal(order.Status, order.History[^1].Status);
    }

    [Fact]
    public void Place_TwoLines_TotalsCatalogPricesAndStartsPending()
    {
        var order = Placed((9.99m, 2), (5.50m, 1));

        Assert.Equal(25.48m, order.TotalPrice);
        Assert.Equal(Pending, Assert.Single(order.History).Status);
        Assert.Equal([1, 2], order.Items.Select(i => i.Line));
        Assert.False(order.WasPaid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Place_QuantityOutOfRange_Throws(int quantity) =>
        Assert.Throws<ArgumentException>(() => Placed((1m, quantity)));

    [Fact]
    public void Place_SameProductTwiceOrNoLines_Throws()
    {
        var product = Guid.NewGuid();
        OrderItem Line() => new(product, "Lamp", 1, 1m);

        Assert.Throws<ArgumentException>(() => Order.Place(Guid.NewGuid(), Guid.NewGuid(), [Line(), Line()], "USD", Address, null, T0));
        Assert.Throws<ArgumentException>(() => Order.Place(Guid.NewGuid(), Guid.NewGuid(), [], "USD", Address, null, T0));
    }

    [Fact]
    public void Cancel_InsufficientStockAfterReservation_IsRefused()
    {
        var order = OrderIn(AwaitingPayment);

        Assert.False(order.Cancel(CancellationReason.InsufficientStock, T0));
        Assert.True(OrderIn(Pending).Cancel(CancellationReason.InsufficientStock, T0));
    }

    [Fact]
    public void Cancel_PaymentTimeoutOnceThePaymentWon_IsRefused()
    {
        var order = OrderIn(Paid);

        Assert.False(order.Cancel(CancellationReason.PaymentTimeout, T0));
        Assert.Equal(Paid, order.Status);
    }

    [Fact]
    public void Cancel_PaidOrder_RemembersItWasPaid()
    {
        var order = OrderIn(Processing);

        Assert.True(order.Cancel(CancellationReason.Admin, T0.AddHours(1)));

        Assert.True(order.WasPaid);
        Assert.Equal(CancellationReason.Admin, order.CancellationReason);
    }

    [Fact]
    public void MarkRefunded_CancelledBeforePayment_IsRefusedUntilALatePaymentArrives()
    {
        var order = OrderIn(AwaitingPayment);
        order.Cancel(CancellationReason.CustomerRequest, T0);

        Assert.False(order.MarkRefunded(10m, T0));
        Assert.True(order.RecordPaymentAfterCancel(Guid.NewGuid(), T0));
        Assert.False(order.RecordPaymentAfterCancel(Guid.NewGuid(), T0)); // once
        Assert.True(order.MarkRefunded(10m, T0));
        Assert.Equal(Refunded, order.Status);
    }

    [Fact]
    public void RecordPaymentFailure_WhileAwaitingPayment_KeepsTheLatestAndTheStatus()
    {
        var order = OrderIn(AwaitingPayment);

        Assert.True(order.RecordPaymentFailure("card_declined", "Declined", T0.AddMinutes(2)));
        Assert.False(order.RecordPaymentFailure("insufficient_funds", "Older news", T0.AddMinutes(1)));

        Assert.Equal(("card_declined", AwaitingPayment), (order.LastPaymentError!.Code, order.Status));
        Assert.False(OrderIn(Paid).RecordPaymentFailure("card_declined", "Late", T0.AddMinutes(3)));
    }

    [Fact]
    public void Ship_RecordsTheShipment()
    {
        var order = OrderIn(Processing);

        Assert.True(order.Ship("bazaar_post", "BZ000000000042", T0.AddDays(1)));

        Assert.Equal(new Shipment("bazaar_post", "BZ000000000042", T0.AddDays(1)), order.Shipment);
    }

    private static readonly ShippingAddress Address = new("Ada", "1 Main St", null, "Springfield", "12345", "US");

    private static Order Placed(params (decimal Price, int Quantity)[] lines) => Order.Place(
        Guid.NewGuid(), Guid.NewGuid(), [.. lines.Select((l, i) => new OrderItem(Guid.NewGuid(), $"Product {i}", l.Quantity, l.Price))], "USD", Address, null, T0);

    [Fact]
    public void MarkPartiallyRefunded_DeliveredThenTwoPartsThenTheRest_AddsUpAndMovesOnce()
    {
        var order = OrderIn(Delivered);

        Assert.True(order.MarkPartiallyRefunded(3m, T0));
        Assert.True(order.MarkPartiallyRefunded(2m, T0.AddMinutes(1)));
        Assert.True(order.MarkRefunded(5m, T0.AddMinutes(2)));

        Assert.Equal(10m, order.RefundedAmount);
        Assert.Equal([Delivered, PartiallyRefunded, Refunded], order.History.Select(h => h.Status).TakeLast(3));
    }

    [Fact]
    public void MarkPartiallyRefunded_BeforeDelivery_ChangesNothing()
    {
        var order = OrderIn(Shipped);

        Assert.False(order.MarkPartiallyRefunded(3m, T0));

        Assert.Equal((Shipped, (decimal?)null), (order.Status, order.RefundedAmount));
    }

    /// <summary>An order brought to <paramref name="status"/> by legal moves; a cancelled one was paid first, so it can be refunded.</summary>
    private static Order OrderIn(OrderStatus status)
    {
        var order = Placed((10m, 1));
        OrderStatus[] path = status switch
        {
            Pending => [],
            AwaitingPayment => [AwaitingPayment],
            Paid => [AwaitingPayment, Paid],
            Processing => [AwaitingPayment, Paid, Processing],
            Shipped => [AwaitingPayment, Paid, Processing, Shipped],
            Delivered => [AwaitingPayment, Paid, Processing, Shipped, Delivered],
            Cancelled => [AwaitingPayment, Paid, Cancelled],
            PartiallyRefunded => [AwaitingPayment, Paid, Processing, Shipped, Delivered, PartiallyRefunded],
            _ => [AwaitingPayment, Paid, Cancelled, Refunded],
        };
        foreach (var step in path)
        {
            Assert.True(TryMove(order, step));
        }

        return order;
    }

    private static bool TryMove(Order order, OrderStatus to) => to switch
    {
        Pending => order.CanMoveTo(Pending), // nothing leads back to pending
        AwaitingPayment => order.MarkStockReserved(T0.AddMinutes(15), T0),
        Paid => order.MarkPaid(Guid.NewGuid(), T0),
        Processing => order.StartProcessing(T0),
        Shipped => order.Ship("bazaar_post", "BZ1", T0),
        Delivered => order.Deliver(T0),
        Cancelled => order.Cancel(CancellationReason.CustomerRequest, T0),
        // A further part refunded is no transition (the order stays partially_refunded): see MarkPartiallyRefunded's own test.
        PartiallyRefunded => order.Status != PartiallyRefunded && order.MarkPartiallyRefunded(1m, T0),
        _ => order.MarkRefunded(order.TotalPrice, T0),
    };
}
