namespace Bazaar.Ordering.Orders;

/// <summary>
/// An order and its state machine (<see cref="OrderTransitions"/>). Every method that moves it
/// answers false, and changes nothing, when the move is not legal from where the order is: the
/// routes turn that into 409, the saga handlers into "late or duplicate event, ignored".
/// </summary>
public sealed partial class Order
{
    public const int MaxLines = 100;
    public const int MinQuantity = 1;
    public const int MaxQuantity = 100;
    public const int MaxPaymentErrorCodeLength = 100;
    public const int MaxPaymentErrorMessageLength = 1000;

    private readonly List<OrderItem> items = [];
    private readonly List<OrderStatusChange> history = [];

    private Order()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public OrderStatus Status { get; private set; }

    /// <summary>One line per product, priced from the catalog when the order was placed.</summary>
    public IReadOnlyList<OrderItem> Items => items;

    /// <summary>subtotal − discountTotal + shippingPrice + taxTotal: what Payments charges.</summary>
    public decimal TotalPrice { get; private set; }

    /// <summary>The lines at their catalog prices, before discount and tax.</summary>
    public decimal Subtotal { get; private set; }

    public decimal DiscountTotal { get; private set; }

    public decimal ShippingPrice { get; private set; }

    /// <summary>The lines' tax and the shipping's.</summary>
    public decimal TaxTotal { get; private set; }

    /// <summary>Null when no shipping method was configured for the destination.</summary>
    public ChosenShipping? ShippingMethod { get; private set; }

    public CouponUse? CouponUse { get; private set; }

    public string Currency { get; private set; } = "USD";

    public ShippingAddress ShippingAddress { get; private set; } = null!;

    /// <summary>Payments charges it automatically once stock is reserved, when given.</summary>
    public string? PaymentMethodId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Every status the order has had, the first one (pending) included, oldest first.</summary>
    public IReadOnlyList<OrderStatusChange> History => history;

    /// <summary>Until when Inventory holds the stock: the payment window.</summary>
    public DateTimeOffset? ReservedUntil { get; private set; }

    public Guid? PaymentId { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public PaymentError? LastPaymentError { get; private set; }

    public Shipment? Shipment { get; private set; }

    public CancellationReason? CancellationReason { get; private set; }

    public decimal? RefundedAmount { get; private set; }

    /// <summary>The email a guest checked out with (lower case); null for a signed-in user's order.</summary>
    public string? GuestEmail { get; private set; }

    /// <summary>SHA-256 (hex) of the guest's order token, which reads the order without an account.</summary>
    public string? GuestTokenHash { get; private set; }

    /// <summary>PostgreSQL's xmin: two transitions of one order cannot both be saved.</summary>
    public uint Version { get; private set; }

    /// <summary>Money was taken for this order (so cancelling it means refunding it).</summary>
    public bool WasPaid => PaidAt is not null;

    /// <param name="priced">The breakdown of <see cref="Pricing.Pricing.Price"/> for these lines; none: no shipping, tax or discount.</param>
    public static Order Place(
        Guid id,
        Guid userId,
        IEnumerable<OrderItem> lines,
        string currency,
        ShippingAddress address,
        string? paymentMethodId,
        DateTimeOffset now,
        Pricing.PriceBreakdown? priced = null,
        ChosenShipping? shipping = null,
        CouponUse? coupon = null)
    {
        var order = new Order
        {
            Id = id,
            UserId = userId,
            Status = OrderStatus.Pending,
            Currency = currency,
            ShippingAddress = address,
            PaymentMethodId = paymentMethodId,
            CreatedAt = Exact(now),
            UpdatedAt = Exact(now),
        };
        order.items.AddRange(lines.Select((line, index) => line with { Line = index + 1 }));
        if (order.items.Count is 0 or > MaxLines
            || order.items.Any(i => i.Quantity is < MinQuantity or > MaxQuantity || i.UnitPrice < 0)
            || order.items.DistinctBy(i => i.ProductId).Count() != order.items.Count)
        {
            throw new ArgumentException("An order has 1 to 100 lines, one per product, each of 1 to 100 units at a price of at least zero.", nameof(lines));
        }

        order.Subtotal = order.TotalPrice = decimal.Round(order.items.Sum(i => i.UnitPrice * i.Quantity), 2);
        if (priced is not null)
        {
            order.Charge(priced);
        }

        (order.ShippingMethod, order.CouponUse) = (shipping, coupon);
        order.history.Add(new OrderStatusChange(1, OrderStatus.Pending, order.CreatedAt));
        return order;
    }

    /// <summary>Marks a new order as a guest's: its <see cref="UserId"/> is the guest's id, read with the token.</summary>
    public void ForGuest(string email, string tokenHash) => (GuestEmail, GuestTokenHash) = (email, tokenHash);

    /// <summary>The guest's orders become the account's that verified the same email.</summary>
    public bool ClaimFor(Guid userId)
    {
        if (GuestEmail is null || UserId == userId)
        {
            return false;
        }

        UserId = userId;
        return true;
    }

    private void Charge(Pricing.PriceBreakdown priced)
    {
        var byProduct = priced.Lines.ToDictionary(l => l.ProductId);
        if (priced.Subtotal != Subtotal || items.Any(i => !byProduct.TryGetValue(i.ProductId, out var l) || l.Quantity != i.Quantity || l.UnitPrice != i.UnitPrice))
        {
            throw new ArgumentException("The price breakdown is of other lines than the order's.", nameof(priced));
        }

        for (var i = 0; i < items.Count; i++)
        {
            var line = byProduct[items[i].ProductId];
            items[i] = items[i] with { Discount = line.Discount, TaxRate = line.TaxRate, Tax = line.Tax };
        }

        (DiscountTotal, ShippingPrice, TaxTotal, TotalPrice) = (priced.DiscountTotal, priced.ShippingPrice, priced.TaxTotal, priced.TotalPrice);
    }

    public bool CanMoveTo(OrderStatus next) => OrderTransitions.IsLegal(Status, next)
        && (next != OrderStatus.Refunded || WasPaid);

    /// <summary>Inventory holds every line: the order waits for its payment.</summary>
    public bool MarkStockReserved(DateTimeOffset reservedUntil, DateTimeOffset now)
    {
        if (!MoveTo(OrderStatus.AwaitingPayment, now))
        {
            return false;
        }

        ReservedUntil = Exact(reservedUntil);
        return true;
    }

    public bool MarkPaid(Guid paymentId, DateTimeOffset now)
    {
        if (!MoveTo(OrderStatus.Paid, now))
        {
            return false;
        }

        (PaymentId, PaidAt) = (paymentId, Exact(now));
        return true;
    }

    /// <summary>A declined charge leaves the order payable; the latest failure is kept for the customer to see.</summary>
    public bool RecordPaymentFailure(string code, string message, DateTimeOffset at)
    {
        if (Status != OrderStatus.AwaitingPayment || (LastPaymentError is { } last && last.At >= Exact(at)))
        {
            return false;
        }

        // Cut to what is stored: a provider's long message must not make the event unprocessable.
        LastPaymentError = new PaymentError(code[..Math.Min(code.Length, MaxPaymentErrorCodeLength)], message[..Math.Min(message.Length, MaxPaymentErrorMessageLength)], Exact(at));
        if (LastPaymentError.At > UpdatedAt)
        {
            UpdatedAt = LastPaymentError.At;
        }

        return true;
    }

    public bool StartProcessing(DateTimeOffset now) => MoveTo(OrderStatus.Processing, now);

    public bool Ship(string carrier, string trackingNumber, DateTimeOffset now)
    {
        if (!MoveTo(OrderStatus.Shipped, now))
        {
            return false;
        }

        Shipment = new Shipment(carrier, trackingNumber, Exact(now));
        return true;
    }

    public bool Deliver(DateTimeOffset now) => MoveTo(OrderStatus.Delivered, now);

    /// <summary>
    /// Before shipping only. A shortage can only cancel an order still waiting for stock, a
    /// payment timeout one not yet paid, and stock sold out before a late payment one that is paid:
    /// a late event never cancels an order that moved on.
    /// </summary>
    public bool Cancel(CancellationReason reason, DateTimeOffset now)
    {
        var allowed = reason switch
        {
            Orders.CancellationReason.InsufficientStock => Status == OrderStatus.Pending,
            Orders.CancellationReason.PaymentTimeout => Status is OrderStatus.Pending or OrderStatus.AwaitingPayment,
            Orders.CancellationReason.SoldOutBeforePayment => Status is OrderStatus.Paid or OrderStatus.Processing,
            _ => true,
        };
        if (!allowed || !MoveTo(OrderStatus.Cancelled, now))
        {
            return false;
        }

        CancellationReason = reason;
        if (!WasPaid)
        {
            // Cancelled before payment: the coupon's use goes back (once; the use remembers it).
            CouponUse?.Release(UpdatedAt);
        }

        return true;
    }

    /// <summary>
    /// A payment that succeeded after the order was cancelled (the charge was already on its way):
    /// the order stays cancelled but now holds money, which Payments must give back. True once.
    /// </summary>
    public bool RecordPaymentAfterCancel(Guid paymentId, DateTimeOffset now)
    {
        if (Status != OrderStatus.Cancelled || WasPaid)
        {
            return false;
        }

        (PaymentId, PaidAt, UpdatedAt) = (paymentId, Exact(now), Exact(now));
        return true;
    }

    private bool MoveTo(OrderStatus next, DateTimeOffset now)
    {
        if (!CanMoveTo(next))
        {
            return false;
        }

        Status = next;
        UpdatedAt = Exact(now);
        history.Add(new OrderStatusChange(history.Count + 1, next, UpdatedAt));
        return true;
    }

    /// <summary>Kept to the microsecond, as PostgreSQL stores it, so an order reads back exactly as it was answered.</summary>
    private static DateTimeOffset Exact(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
}
