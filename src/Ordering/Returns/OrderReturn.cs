namespace Bazaar.Ordering.Returns;

/// <summary>Where a return (RMA) is; snake_case on the wire.</summary>
public enum ReturnStatus
{
    Requested,
    Approved,
    Rejected,

    /// <summary>The goods came back: the refund was asked of Payments, and the stock of Inventory when restocked.</summary>
    Received,
}

/// <summary>A returned quantity of one order line, and (once received) what it is refunded.</summary>
public sealed record ReturnItem(Guid ProductId, Guid? VariantId, int Quantity, string Reason)
{
    /// <summary>1, 2, ...: in the order the customer gave them.</summary>
    public int Line { get; init; }

    /// <summary>Set when received: the line's share of what the order was charged for these units.</summary>
    public decimal? RefundAmount { get; init; }
}

/// <summary>
/// A customer's request to send back part of a delivered order, decided by an admin:
/// requested → approved | rejected, approved → received. Every move answers false, and changes
/// nothing, when it is not legal from where the return is.
/// </summary>
public sealed class OrderReturn
{
    public const int MaxItems = 100;
    public const int MaxReasonLength = 500;

    private static readonly Dictionary<ReturnStatus, ReturnStatus[]> Next = new()
    {
        [ReturnStatus.Requested] = [ReturnStatus.Approved, ReturnStatus.Rejected],
        [ReturnStatus.Approved] = [ReturnStatus.Received],
        [ReturnStatus.Rejected] = [],
        [ReturnStatus.Received] = [],
    };

    private readonly List<ReturnItem> items = [];

    private OrderReturn()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    /// <summary>The order's owner.</summary>
    public Guid UserId { get; private set; }

    public ReturnStatus Status { get; private set; }

    public IReadOnlyList<ReturnItem> Items => items;

    /// <summary>Set when received: the lines' refunds, and shipping when this return completes the order.</summary>
    public decimal? RefundAmount { get; private set; }

    /// <summary>The shipping (with its tax) refunded with the return that sent the last units back; 0 otherwise.</summary>
    public decimal ShippingRefund { get; private set; }

    public string Currency { get; private set; } = "USD";

    public bool Restock { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ReceivedAt { get; private set; }

    /// <summary>PostgreSQL's xmin: two decisions on one return cannot both be saved.</summary>
    public uint Version { get; private set; }

    /// <summary>Counts against what the order may still return: every return but a rejected one.</summary>
    public bool Counts => Status != ReturnStatus.Rejected;

    public static OrderReturn Request(Guid id, Guid orderId, Guid userId, string currency, IEnumerable<ReturnItem> lines, DateTimeOffset now)
    {
        var request = new OrderReturn
        {
            Id = id,
            OrderId = orderId,
            UserId = userId,
            Currency = currency,
            Status = ReturnStatus.Requested,
            CreatedAt = Exact(now),
            UpdatedAt = Exact(now),
        };
        request.items.AddRange(lines.Select((line, index) => line with { Line = index + 1 }));
        return request;
    }

    public static IReadOnlyList<ReturnStatus> From(ReturnStatus status) => Next[status];

    public bool CanMoveTo(ReturnStatus next) => Next[Status].Contains(next);

    public bool Approve(DateTimeOffset now) => MoveTo(ReturnStatus.Approved, now);

    public bool Reject(DateTimeOffset now) => MoveTo(ReturnStatus.Rejected, now);

    /// <summary>The goods are back: each line, in line order, gets its refund (<see cref="ReturnRefund"/>), shipping its share.</summary>
    public bool Receive(ReturnRefund refund, bool restock, DateTimeOffset now)
    {
        if (!MoveTo(ReturnStatus.Received, now))
        {
            return false;
        }

        items.Sort((a, b) => a.Line.CompareTo(b.Line));
        for (var i = 0; i < items.Count; i++)
        {
            items[i] = items[i] with { RefundAmount = refund.Lines[i] };
        }

        (ShippingRefund, RefundAmount, Restock, ReceivedAt) = (refund.Shipping, refund.Total, restock, UpdatedAt);
        return true;
    }

    private bool MoveTo(ReturnStatus next, DateTimeOffset now)
    {
        if (!CanMoveTo(next))
        {
            return false;
        }

        Status = next;
        UpdatedAt = Exact(now);
        return true;
    }

    /// <summary>Kept to the microsecond, as PostgreSQL stores it.</summary>
    private static DateTimeOffset Exact(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
}
