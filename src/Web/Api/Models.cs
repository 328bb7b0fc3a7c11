namespace Bazaar.Web.Api;

// The gateway's public shapes (api-contract.md), only the fields the pages show.
public sealed record Paged<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

public sealed record Rating(decimal Average, int Count);

public sealed record Product(
    Guid Id, string Sku, string Name, string Description, Guid CategoryId, string CategoryName,
    decimal Price, string Currency, List<string> Tags, List<string> Images,
    Dictionary<string, string> Attributes, Rating Rating, string StockStatus);

public sealed record Category(Guid Id, string Name, string Slug, Guid? ParentId, int ProductCount);

public sealed record Review(Guid Id, Guid ProductId, string ReviewerName, int Rating, string? Title, string Comment, DateTimeOffset CreatedAt);

public sealed record CartLine(Guid ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record Cart(List<CartLine> Items, int ItemCount, decimal TotalPrice, string Currency);

public sealed record Address(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

/// <summary>An order placed from the cart; <c>OrderToken</c> only for a guest (it reads the order).</summary>
public sealed record CheckoutAccepted(Guid OrderId, string Status, string? OrderToken = null);

/// <summary>The answer to an add: <c>CartToken</c> when the add started a guest cart.</summary>
public sealed record CartAdded(string? CartToken);

public sealed record OrderLine(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice, decimal? Discount = null, decimal? Tax = null);

public sealed record StatusChange(string Status, DateTimeOffset At);

public sealed record PaymentError(string Code, string Message, DateTimeOffset At);

public sealed record Shipment(string? TrackingNumber, string? Carrier);

public sealed record Order(
    Guid Id, Guid UserId, string Status, List<OrderLine> Items, decimal TotalPrice, string Currency,
    DateTimeOffset CreatedAt, string? CancellationReason, List<StatusChange>? StatusHistory,
    Shipment? Shipment, PaymentError? LastPaymentError,
    decimal? Subtotal = null, decimal? DiscountTotal = null, decimal? ShippingPrice = null, decimal? TaxTotal = null,
    OrderShippingMethod? ShippingMethod = null, List<OrderDiscount>? Discounts = null)
{
    /// <summary>An order priced by the checkout (shipping, tax or a discount); older orders only have their total.</summary>
    public bool HasBreakdown => Subtotal is not null
        && (ShippingMethod is not null || DiscountTotal > 0 || ShippingPrice > 0 || TaxTotal > 0 || Discounts is { Count: > 0 });
}

public sealed record OrderShippingMethod(Guid Id, string Name);

public sealed record OrderDiscount(string Code, decimal Amount);

public sealed record Payment(Guid Id, Guid OrderId, decimal Amount, string Currency, string Status, string? FailureCode);

public sealed record TokenPair(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

public sealed record StockLevel(Guid ProductId, int OnHand, int Reserved, int Available, int LowStockThreshold);

public sealed record SalesPoint(DateTimeOffset Bucket, decimal Revenue, int Orders);

public sealed record TopProduct(Guid ProductId, string Name, long Quantity, decimal Revenue);

public sealed record Sales(decimal TotalRevenue, int OrderCount, decimal AverageOrderValue, string Currency, List<SalesPoint> Series, List<TopProduct> TopProducts);

public sealed record Funnel(int Views, int AddsToCart, int Checkouts, int PaidOrders);

public sealed record UserActivity(int Signups, int ActiveUsers, Funnel? Funnel);

/// <summary>How a payment method is offered to a shopper: by name, never by its test id.</summary>
public static class PaymentMethods
{
    public static readonly IReadOnlyList<(string Name, string Id)> All =
    [
        ("Visa (succeeds)", "pm_card_visa"),
        ("Declined card", "pm_card_chargeDeclined"),
        ("Insufficient funds", "pm_card_chargeDeclinedInsufficientFunds"),
    ];
}

/// <summary>Order statuses after which nothing changes by itself any more.</summary>
public static class OrderStatuses
{
    public static bool IsSettled(string status) =>
        status is "paid" or "processing" or "shipped" or "delivered" or "cancelled" or "refunded" or "partially_refunded";

    public static string Label(string status) => status.Replace('_', ' ');
}

/// <summary>A page of the catalog and, asked with <c>facets=true</c>, the counts beside its filters.</summary>
public sealed record CatalogPage(List<Product> Items, int Page, int PageSize, int TotalCount, int TotalPages, Facets? Facets = null);

/// <summary>Each count is under every filter of the request but its own (a category's count ignores the chosen category).</summary>
public sealed record Facets(List<CategoryFacet> Categories, List<PriceFacet> Price, List<RatingFacet> Rating, int InStock);

public sealed record CategoryFacet(Guid Id, string Name, int Count);

/// <summary>Prices from <paramref name="Min"/> up to, not including, <paramref name="Max"/> (none: no upper end).</summary>
public sealed record PriceFacet(decimal Min, decimal? Max, int Count);

public sealed record RatingFacet(int AtLeast, int Count);
