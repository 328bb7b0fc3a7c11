namespace Bazaar.Web.Api;

public sealed record ReturnLine(Guid ProductId, Guid? VariantId, int Quantity, string Reason, decimal? RefundAmount);

/// <summary>A return (RMA) of part of a delivered order: requested, approved or rejected, then received (refunded).</summary>
public sealed record OrderReturn(
    Guid Id, Guid OrderId, Guid UserId, string Status, List<ReturnLine> Items, decimal? RefundAmount, decimal ShippingRefund, string Currency, bool Restock, DateTimeOffset CreatedAt);

/// <summary>One line the shopper sends back: how many, and why.</summary>
public sealed record ReturnChoice(Guid ProductId, int Quantity, string Reason);

/// <summary>The returns routes, for the shopper's order page and the admin's queue.</summary>
public sealed class ReturnsApi(HttpClient http, Auth.UserSession session) : GatewayApi(http, session)
{
    public const int PageSize = 100;

    /// <summary>My returns (an admin's: everyone's), newest first, optionally of one status.</summary>
    public Task<ApiResult<Paged<OrderReturn>>> ReturnsAsync(int page, string? status = null, CancellationToken ct = default) =>
        GetAsync<Paged<OrderReturn>>($"/api/returns?page={page}&pageSize={PageSize}" + (string.IsNullOrEmpty(status) ? "" : "&status=" + status), ct);

    public Task<ApiResult<OrderReturn>> RequestAsync(Guid orderId, IEnumerable<ReturnChoice> lines) =>
        PostAsync<OrderReturn>($"/api/orders/{orderId}/returns", new { items = lines.Select(l => new { l.ProductId, l.Quantity, l.Reason }) });

    /// <summary>An admin's decision: approved, rejected, or received (with or without restock).</summary>
    public Task<ApiResult<OrderReturn>> DecideAsync(Guid returnId, string status, bool? restock = null) =>
        PutAsync<OrderReturn>($"/api/returns/{returnId}/status", restock is null ? new { status } : (object)new { status, restock });
}
