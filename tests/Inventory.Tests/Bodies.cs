using System.Text.Json;

namespace Bazaar.Inventory.Tests;

public sealed record WarehouseBody(Guid WarehouseId, string Name, int OnHand, int Reserved);

public sealed record StockBody(Guid ProductId, int OnHand, int Reserved, int Available, int LowStockThreshold, string StockStatus, List<WarehouseBody> Warehouses);

public sealed record LineBody(Guid ProductId, int Quantity);

public sealed record ReservationBody(Guid OrderId, string Status, List<LineBody> Items, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record ShortageBody(Guid ProductId, int Requested, int Available);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors, List<ShortageBody>? Shortages);

public sealed record PagedBody<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

public sealed record MovementsBody(long Received, long Reserved, long Released, long Sold, long Adjusted, long Returned);

public sealed record ReportProductBody(Guid ProductId, MovementsBody Movements, int OnHand, int Reserved, int Available, int LowStockThreshold, string StockStatus);

public sealed record ReportDayBody(DateOnly Date, MovementsBody Movements);

public sealed record ReportBody(DateTimeOffset From, DateTimeOffset To, MovementsBody Totals, List<ReportDayBody> Days, List<ReportProductBody> Products);

public static class Json
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}

public sealed record MovementBody(long Id, string Type, Guid WarehouseId, int Quantity, Guid? OrderId, string? Reason, DateTimeOffset At);
