namespace Bazaar.Web.Api;

// The gateway's shapes an operator's pages read (api-contract.md), only the fields they show.

/// <summary>A user as Identity lists it to an admin.</summary>
public sealed record UserAccount(Guid Id, string Name, string Email, string? Mobile, List<string> Roles, DateTimeOffset CreatedAt);

/// <summary>A review in any state, as admins see it (the moderation queue).</summary>
public sealed record ModeratedReview(
    Guid Id, Guid ProductId, Guid UserId, string ReviewerName, int Rating, string? Title, string Comment,
    string Status, bool VerifiedPurchase, DateTimeOffset CreatedAt);

/// <summary>One payment of an order, with what was refunded of it.</summary>
public sealed record OrderPayment(Guid Id, Guid OrderId, decimal Amount, string Currency, string Status, decimal RefundedAmount, DateTimeOffset CreatedAt);

/// <summary>Payments' view of an order: its payments (newest first) and where its money stands.</summary>
public sealed record OrderPayments(Guid OrderId, decimal Amount, string Currency, string PaymentStatus, List<OrderPayment> Payments);

/// <summary>Units moved per ledger type; adjusted is the signed net correction.</summary>
public sealed record StockMovements(long Received, long Reserved, long Released, long Sold, long Adjusted, long Returned);

public sealed record StockReportProduct(Guid ProductId, StockMovements Movements, int OnHand, int Reserved, int Available, int LowStockThreshold);

/// <summary>Inventory's report: movements over a period, per product with its current levels.</summary>
public sealed record StockReport(DateTimeOffset From, DateTimeOffset To, StockMovements Totals, List<StockReportProduct> Products);

/// <summary>One line of a product's stock ledger; quantity is signed for adjustments.</summary>
public sealed record StockMovement(long Id, string Type, Guid WarehouseId, int Quantity, Guid? OrderId, string? Reason, DateTimeOffset At);

/// <summary>The category form: new, or an existing one being renamed or moved.</summary>
public sealed class CategoryDraft
{
    public string Name { get; set; } = "";

    /// <summary>Left empty, the catalog makes one from the name.</summary>
    public string Slug { get; set; } = "";

    public Guid? ParentId { get; set; }
}

/// <summary>The product edit form; the contract's PUT replaces every editable field, so it starts from the current ones.</summary>
public sealed class ProductEdit
{
    public string Sku { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public Guid? CategoryId { get; set; }
    public decimal Price { get; set; }

    /// <summary>Comma-separated, as typed.</summary>
    public string Tags { get; set; } = "";

    /// <summary>Read apart from the product (the shop's record has none); null leaves it as it is.</summary>
    public string? TaxClass { get; set; }

    public static ProductEdit From(Product product) => new()
    {
        Sku = product.Sku,
        Name = product.Name,
        Description = product.Description,
        CategoryId = product.CategoryId,
        Price = product.Price,
        Tags = string.Join(", ", product.Tags),
    };

    public List<string> TagList() => [.. Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>The roles Identity assigns (api-contract.md, Auth).</summary>
public static class UserRoles
{
    public const string Admin = "admin";
    public const string Vendor = "vendor";
    public const string Customer = "customer";

    public static readonly IReadOnlyList<string> All = [Customer, Vendor, Admin];
}

/// <summary>One admin or vendor write as the audit log keeps it: who, when, what, before and after.</summary>
public sealed record AuditEntry(
    Guid Id, DateTimeOffset OccurredAt, Guid? ActorId, string? ActorEmail, List<string> ActorRoles,
    string Entity, string EntityId, string Action, System.Text.Json.JsonElement? Before, System.Text.Json.JsonElement? After);

/// <summary>The audit page's filters: an actor's user id, an entity name and id, days (UTC, both included).</summary>
public sealed class AuditFilter
{
    public string? Actor { get; set; }

    public string? Entity { get; set; }

    public string? EntityId { get; set; }

    public DateTime? FromDay { get; set; }

    public DateTime? ToDay { get; set; }

    public DateTimeOffset? From => FromDay is { } day ? new DateTimeOffset(day.Date, TimeSpan.Zero) : null;

    /// <summary>The end of <see cref="ToDay"/>: the route's <c>to</c> is exclusive.</summary>
    public DateTimeOffset? To => ToDay is { } day ? new DateTimeOffset(day.Date.AddDays(1), TimeSpan.Zero) : null;
}
