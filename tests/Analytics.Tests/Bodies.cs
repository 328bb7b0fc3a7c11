using System.Text.Json;

namespace Bazaar.Analytics.Tests;

public sealed record SalesBody(
    decimal TotalRevenue, int OrderCount, decimal AverageOrderValue, string Currency,
    List<SalesBucketBody> Series, List<TopProductBody> TopProducts, decimal GrossRevenue, decimal Refunds);

public sealed record SalesBucketBody(DateTimeOffset Bucket, decimal Revenue, int Orders, decimal Refunds);

public sealed record TopProductBody(Guid ProductId, string Name, long Quantity, decimal Revenue);

public sealed record ActivityBody(
    int Signups, int ActiveUsers, Dictionary<string, int> EventsByType, List<ActivityBucketBody> Series, FunnelBody Funnel);

public sealed record ActivityBucketBody(DateTimeOffset Bucket, int Events, int ActiveUsers, int Signups);

public sealed record FunnelBody(int Views, int AddsToCart, int Checkouts, int PaidOrders);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);

public sealed record AuditPageBody(List<AuditEntryBody> Items, int Page, int PageSize, int TotalCount, int TotalPages);

public sealed record AuditEntryBody(
    Guid Id, DateTimeOffset OccurredAt, Guid? ActorId, string? ActorEmail, List<string> ActorRoles,
    string Entity, string EntityId, string Action, JsonElement? Before, JsonElement? After);
